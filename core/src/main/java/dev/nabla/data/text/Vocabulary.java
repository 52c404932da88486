package dev.nabla.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens and their indices. The special tokens come first ({@code <pad>} at 0, {@code <unk>} at 1),
 * then the tokens by decreasing count, ties in lexicographic (String.compareTo) order, so the same
 * counts always give the same vocabulary. Unknown tokens map to {@code <unk>}.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final int PAD_INDEX = 0;
    public static final int UNK_INDEX = 1;
    static final String FORMAT = "nabla-vocabulary";

    private final List<String> tokens;
    private final Map<String, Integer> index;

    private Vocabulary(List<String> tokens) {
        if (tokens.size() < 2 || !tokens.get(PAD_INDEX).equals(PAD) || !tokens.get(UNK_INDEX).equals(UNK)) {
            throw new IllegalArgumentException("Vocabulary: the first tokens must be " + PAD + " and " + UNK + ", got "
                    + tokens.subList(0, Math.min(2, tokens.size())));
        }
        this.tokens = List.copyOf(tokens);
        this.index = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (index.put(tokens.get(i), i) != null) throw new IllegalArgumentException("Vocabulary: token '" + tokens.get(i) + "' appears twice");
        }
    }

    /** A vocabulary of exactly these tokens after the two special ones, in this order. */
    public static Vocabulary of(List<String> tokens) {
        List<String> all = new ArrayList<>(List.of(PAD, UNK));
        all.addAll(tokens);
        return new Vocabulary(all);
    }

    /**
     * The tokens seen at least {@code minFreq} times, most frequent first (ties lexicographic), at
     * most {@code maxSize} entries in all counting the two special tokens ({@code maxSize <= 0}: no limit).
     * Tokens spelled like a special token are not added twice.
     */
    public static Vocabulary build(Map<String, Long> counts, int minFreq, int maxSize) {
        if (maxSize > 0 && maxSize < 2) throw new IllegalArgumentException("Vocabulary: maxSize " + maxSize + " leaves no room for " + PAD + " and " + UNK);
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        for (var e : counts.entrySet()) {
            if (e.getValue() >= minFreq && !e.getKey().equals(PAD) && !e.getKey().equals(UNK)) entries.add(e);
        }
        entries.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
        List<String> out = new ArrayList<>();
        int limit = maxSize <= 0 ? Integer.MAX_VALUE : maxSize - 2;
        for (var e : entries) {
            if (out.size() >= limit) break;
            out.add(e.getKey());
        }
        return of(out);
    }

    /** Counts the tokens, then {@link #build(Map, int, int)}. */
    public static Vocabulary build(Iterable<String> tokens, int minFreq, int maxSize) {
        return build(count(tokens), minFreq, maxSize);
    }

    /** Occurrences of each token. */
    public static Map<String, Long> count(Iterable<String> tokens) {
        Map<String, Long> counts = new HashMap<>();
        for (String t : tokens) counts.merge(t, 1L, Long::sum);
        return counts;
    }

    public int size() {
        return tokens.size();
    }

    /** The index of a token, {@link #UNK_INDEX} if it is not in the vocabulary. */
    public int indexOf(String token) {
        return index.getOrDefault(token, UNK_INDEX);
    }

    public boolean contains(String token) {
        return index.containsKey(token);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) throw new IndexOutOfBoundsException("Vocabulary: id " + id + " out of range for " + tokens.size() + " tokens");
        return tokens.get(id);
    }

    /** All tokens in index order. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    public int[] encode(List<String> toks) {
        int[] ids = new int[toks.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = indexOf(toks.get(i));
        return ids;
    }

    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(token(id));
        return out;
    }

    /** Writes {"format": "nabla-vocabulary", "version": 1, "tokens": [...]} atomically. */
    public void save(Path file) {
        ObjectNode root = TokenizerFiles.header(FORMAT);
        root.set("tokens", toJson());
        TokenizerFiles.write(file, root);
    }

    /** Reads a file written by {@link #save}; a malformed one is a DataFileException naming the file. */
    public static Vocabulary load(Path file) {
        JsonNode root = TokenizerFiles.read(file, FORMAT);
        return fromJson(TokenizerFiles.field(root, "tokens", file), file);
    }

    ArrayNode toJson() {
        ArrayNode a = TokenizerFiles.MAPPER.createArrayNode();
        tokens.forEach(a::add);
        return a;
    }

    static Vocabulary fromJson(JsonNode node, Path file) {
        List<String> list = TokenizerFiles.strings(node, "tokens", file);
        try {
            return new Vocabulary(list);
        } catch (IllegalArgumentException e) {
            throw TokenizerFiles.corrupt(file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.size() + " tokens)";
    }
}
