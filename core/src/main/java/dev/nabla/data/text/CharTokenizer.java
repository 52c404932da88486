package dev.nabla.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One token per Unicode code point (a character-level language model's tokenizer). The vocabulary
 * is {@code <pad>}, {@code <unk>}, then the characters of the fitting text, most frequent first.
 * Decoding drops {@code <pad>} and writes {@code <unk>} as U+FFFD, so text made of known characters
 * round-trips exactly.
 */
public final class CharTokenizer implements Tokenizer {
    static final String TYPE = "char";
    private final Vocabulary vocabulary;

    public CharTokenizer(Vocabulary vocabulary) {
        for (String t : vocabulary.tokens().subList(2, vocabulary.size())) {
            if (t.codePointCount(0, t.length()) != 1) {
                throw new IllegalArgumentException("CharTokenizer: vocabulary entry '" + t + "' is not a single character");
            }
        }
        this.vocabulary = vocabulary;
    }

    /** Every character of {@code text}. */
    public static CharTokenizer fit(String text) {
        return fit(text, 1, 0);
    }

    /** The characters seen at least minFreq times, at most maxSize entries with the special tokens (0: no limit). */
    public static CharTokenizer fit(String text, int minFreq, int maxSize) {
        Map<String, Long> counts = new HashMap<>();
        text.codePoints().forEach(cp -> counts.merge(Character.toString(cp), 1L, Long::sum));
        return new CharTokenizer(Vocabulary.build(counts, minFreq, maxSize));
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(cp -> vocabulary.indexOf(Character.toString(cp))).toArray();
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            if (id == Vocabulary.PAD_INDEX) continue;
            sb.append(id == Vocabulary.UNK_INDEX ? "\uFFFD" : vocabulary.token(id));
        }
        return sb.toString();
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public void save(Path file) {
        ObjectNode root = TokenizerFiles.tokenizerHeader(TYPE);
        root.set("tokens", vocabulary.toJson());
        TokenizerFiles.write(file, root);
    }

    static CharTokenizer fromJson(JsonNode root, Path file) {
        Vocabulary v = Vocabulary.fromJson(TokenizerFiles.field(root, "tokens", file), file);
        try {
            return new CharTokenizer(v);
        } catch (IllegalArgumentException e) {
            throw TokenizerFiles.corrupt(file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CharTokenizer(" + vocabulary.size() + " tokens)";
    }
}
