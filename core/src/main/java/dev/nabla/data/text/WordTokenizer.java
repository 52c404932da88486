package dev.nabla.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words and punctuation marks as tokens: a word is a run of letters and digits (inner apostrophes
 * kept: "don't"), every other non-space character is a token of its own. With lower-casing (the
 * default) "The" and "the" are one token. Unknown words map to {@code <unk>}. Decoding joins tokens
 * with single spaces, without one before closing punctuation or after an opening bracket.
 */
public final class WordTokenizer implements Tokenizer {
    static final String TYPE = "word";
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");
    private static final String NO_SPACE_BEFORE = ".,;:!?)]}%";
    private static final String NO_SPACE_AFTER = "([{";

    private final Vocabulary vocabulary;
    private final boolean lowercase;

    public WordTokenizer(Vocabulary vocabulary, boolean lowercase) {
        this.vocabulary = vocabulary;
        this.lowercase = lowercase;
    }

    /** Lower-cased words of the texts, every word kept. */
    public static WordTokenizer fit(Iterable<String> texts) {
        return fit(texts, true, 1, 0);
    }

    /** The words seen at least minFreq times, at most maxSize entries with the special tokens (0: no limit). */
    public static WordTokenizer fit(Iterable<String> texts, boolean lowercase, int minFreq, int maxSize) {
        List<String> all = new ArrayList<>();
        for (String t : texts) all.addAll(split(t, lowercase));
        return new WordTokenizer(Vocabulary.build(all, minFreq, maxSize), lowercase);
    }

    /** The word and punctuation tokens of a text, without a vocabulary. */
    public static List<String> split(String text, boolean lowercase) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(lowercase ? text.toLowerCase(Locale.ROOT) : text);
        while (m.find()) out.add(m.group());
        return out;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public boolean lowercase() {
        return lowercase;
    }

    @Override
    public int[] encode(String text) {
        return vocabulary.encode(split(text, lowercase));
    }

    @Override
    public List<String> tokenize(String text) {
        return split(text, lowercase);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        String prev = null;
        for (int id : ids) {
            if (id == Vocabulary.PAD_INDEX) continue;
            String t = vocabulary.token(id);
            boolean glue = prev == null || (t.length() == 1 && NO_SPACE_BEFORE.indexOf(t.charAt(0)) >= 0)
                    || (prev.length() == 1 && NO_SPACE_AFTER.indexOf(prev.charAt(0)) >= 0);
            if (!glue) sb.append(' ');
            sb.append(t);
            prev = t;
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
        root.put("lowercase", lowercase);
        root.set("tokens", vocabulary.toJson());
        TokenizerFiles.write(file, root);
    }

    static WordTokenizer fromJson(JsonNode root, Path file) {
        boolean lower = TokenizerFiles.bool(root, "lowercase", file);
        return new WordTokenizer(Vocabulary.fromJson(TokenizerFiles.field(root, "tokens", file), file), lower);
    }

    @Override
    public String toString() {
        return "WordTokenizer(" + vocabulary.size() + " tokens" + (lowercase ? ", lowercase" : "") + ")";
    }
}
