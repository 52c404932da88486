package dev.nabla.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level byte-pair encoding (Sennrich et al. 2016, on UTF-8 bytes as in GPT-2). The text is
 * first cut into pieces (a word with its leading space, a number, a run of punctuation, white
 * space); ids 0-255 are the bytes, and each learned merge adds one id for the concatenation of two
 * existing tokens. Merges never cross a piece boundary. Every text, seen or not, encodes and
 * decodes back to itself: unseen characters fall back to their bytes.
 *
 * <p>Training repeatedly merges the adjacent pair that occurs most often in the corpus (counting each
 * piece as many times as it occurs); ties go to the pair whose (left, right) token bytes come first in
 * unsigned lexicographic order; a pair must occur at least twice. Encoding applies the learned merges
 * in the order they were learned.
 */
public final class BpeTokenizer implements Tokenizer {
    static final String TYPE = "bpe";
    /** Pieces: a word, number or punctuation run with an optional leading space; white space not before a word; other white space. */
    private static final Pattern PIECE = Pattern.compile(" ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final int[][] merges;
    private final byte[][] tokenBytes;
    private final Map<Long, Integer> rank = new HashMap<>();
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /** A tokenizer from merges given as pairs of ids; merge i creates id 256 + i. */
    public BpeTokenizer(int[][] merges) {
        this.merges = new int[merges.length][];
        this.tokenBytes = new byte[256 + merges.length][];
        for (int b = 0; b < 256; b++) tokenBytes[b] = new byte[] {(byte) b};
        for (int i = 0; i < merges.length; i++) {
            int[] m = merges[i];
            if (m.length != 2 || m[0] < 0 || m[1] < 0 || m[0] >= 256 + i || m[1] >= 256 + i) {
                throw new IllegalArgumentException("BpeTokenizer: merge " + i + " " + Arrays.toString(m)
                        + " must join two ids below " + (256 + i));
            }
            this.merges[i] = m.clone();
            tokenBytes[256 + i] = concat(tokenBytes[m[0]], tokenBytes[m[1]]);
            rank.putIfAbsent(key(m[0], m[1]), i);
        }
    }

    /** Learns merges from {@code corpus} until the vocabulary has {@code vocabSize} ids (at least 256) or no pair occurs twice. */
    public static BpeTokenizer train(String corpus, int vocabSize) {
        if (vocabSize < 256) throw new IllegalArgumentException("BpeTokenizer.train: vocabSize " + vocabSize + " is below the 256 byte tokens");
        Map<String, Integer> pieceCounts = new LinkedHashMap<>();
        for (String p : pieces(corpus)) pieceCounts.merge(p, 1, Integer::sum);
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (var e : pieceCounts.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] syms = new int[b.length];
            for (int i = 0; i < b.length; i++) syms[i] = b[i] & 0xff;
            words.add(syms);
            counts.add(e.getValue());
        }
        List<byte[]> bytes = new ArrayList<>();
        for (int b = 0; b < 256; b++) bytes.add(new byte[] {(byte) b});
        List<int[]> learned = new ArrayList<>();
        while (256 + learned.size() < vocabSize) {
            Map<Long, Integer> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < s.length; i++) pairCounts.merge(key(s[i], s[i + 1]), counts.get(w), Integer::sum);
            }
            long best = -1;
            int bestCount = 1;
            for (var e : pairCounts.entrySet()) {
                int c = e.getValue();
                if (c > bestCount || (c == bestCount && best >= 0 && before(e.getKey(), best, bytes))) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (best < 0) break;
            int a = (int) (best >>> 32);
            int b = (int) best;
            int id = 256 + learned.size();
            learned.add(new int[] {a, b});
            bytes.add(concat(bytes.get(a), bytes.get(b)));
            for (int w = 0; w < words.size(); w++) words.set(w, apply(words.get(w), a, b, id));
        }
        return new BpeTokenizer(learned.toArray(int[][]::new));
    }

    /** The learned merges as (left id, right id) pairs, in order. */
    public int[][] merges() {
        int[][] out = new int[merges.length][];
        for (int i = 0; i < merges.length; i++) out[i] = merges[i].clone();
        return out;
    }

    /** The UTF-8 bytes a token stands for. */
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= tokenBytes.length) throw new IndexOutOfBoundsException("BpeTokenizer: id " + id + " out of range for " + tokenBytes.length + " tokens");
        return tokenBytes[id].clone();
    }

    /** The pieces a text is cut into before merging; they concatenate back to the text. */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    @Override
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String p : pieces(text)) {
            int[] ids = cache.size() < 100_000 ? cache.computeIfAbsent(p, this::encodePiece) : encodePiece(p);
            parts.add(ids);
            n += ids.length;
        }
        int[] out = new int[n];
        int k = 0;
        for (int[] ids : parts) {
            System.arraycopy(ids, 0, out, k, ids.length);
            k += ids.length;
        }
        return out;
    }

    private int[] encodePiece(String piece) {
        byte[] b = piece.getBytes(StandardCharsets.UTF_8);
        int[] syms = new int[b.length];
        for (int i = 0; i < b.length; i++) syms[i] = b[i] & 0xff;
        while (syms.length > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < syms.length; i++) {
                Integer r = rank.get(key(syms[i], syms[i + 1]));
                if (r != null && r < bestRank) bestRank = r;
            }
            if (bestRank == Integer.MAX_VALUE) break;
            syms = apply(syms, merges[bestRank][0], merges[bestRank][1], 256 + bestRank);
        }
        return syms;
    }

    /** Token strings; a token that is not whole UTF-8 characters on its own is written as its bytes, e.g. {@code <0xE2>}. */
    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (int id : encode(text)) out.add(display(tokenBytes[id]));
        return out;
    }

    private static String display(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder();
            for (byte x : b) sb.append(String.format("<0x%02X>", x & 0xff));
            return sb.toString();
        }
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) out.writeBytes(tokenBytes(id));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length;
    }

    @Override
    public void save(Path file) {
        ObjectNode root = TokenizerFiles.tokenizerHeader(TYPE);
        ArrayNode a = root.putArray("merges");
        for (int[] m : merges) a.addArray().add(m[0]).add(m[1]);
        TokenizerFiles.write(file, root);
    }

    static BpeTokenizer fromJson(JsonNode root, Path file) {
        JsonNode a = TokenizerFiles.field(root, "merges", file);
        if (!a.isArray()) throw TokenizerFiles.corrupt(file, "field \"merges\" must be an array of [left, right] id pairs");
        int[][] m = new int[a.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode p = a.get(i);
            if (!p.isArray() || p.size() != 2 || !p.get(0).isInt() || !p.get(1).isInt()) {
                throw TokenizerFiles.corrupt(file, "merge " + i + " is " + p + ", not a pair of ids");
            }
            m[i] = new int[] {p.get(0).asInt(), p.get(1).asInt()};
        }
        try {
            return new BpeTokenizer(m);
        } catch (IllegalArgumentException e) {
            throw TokenizerFiles.corrupt(file, e.getMessage());
        }
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** True if pair x comes before pair y: left token bytes first, then right token bytes, unsigned lexicographic. */
    private static boolean before(long x, long y, List<byte[]> bytes) {
        int c = Arrays.compareUnsigned(bytes.get((int) (x >>> 32)), bytes.get((int) (y >>> 32)));
        if (c == 0) c = Arrays.compareUnsigned(bytes.get((int) x), bytes.get((int) y));
        return c < 0;
    }

    /** Replaces every non-overlapping occurrence of (a, b), left to right, by id. */
    private static int[] apply(int[] s, int a, int b, int id) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == a && s[i + 1] == b) {
                out[n++] = id;
                i++;
            } else out[n++] = s[i];
        }
        return n == s.length ? s : Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] r = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    @Override
    public String toString() {
        return "BpeTokenizer(" + vocabSize() + " tokens, " + merges.length + " merges)";
    }
}
