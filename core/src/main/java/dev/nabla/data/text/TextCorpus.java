package dev.nabla.data.text;

import dev.nabla.data.Batch;
import dev.nabla.data.DataFileException;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A text as one stream of token ids for language modelling, split by position: the first part
 * for training, the last {@code validationFraction} held out. Gives seeded random batches of
 * [batch, seqLen] inputs with next-token targets (as nanoGPT's get_batch) and, for evaluation, the
 * sequential non-overlapping batches of truncated back-propagation through time (as PyTorch's
 * word_language_model: the stream cut into {@code batch} columns, row b of each batch continuing
 * row b of the previous one).
 */
public final class TextCorpus {
    /**
     * The embedded default text: the GNU General Public License version 3 from Debian's
     * /usr/share/common-licenses/GPL-3 (35 KB of English). Its license allows verbatim copies:
     * "Everyone is permitted to copy and distribute verbatim copies of this license document, but
     * changing it is not allowed." (Copyright (C) 2007 Free Software Foundation, Inc.)
     */
    public static final String RESOURCE = "/dev/nabla/data/gpl-3.txt.gz";
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    /** Which side of the split. */
    public enum Part {
        TRAIN, VALIDATION
    }

    private final String name;
    private final String text;
    private final Tokenizer tokenizer;
    private final int[] ids;
    private final int trainEnd;

    private TextCorpus(String name, String text, Tokenizer tokenizer, double validationFraction) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("TextCorpus: validation fraction " + validationFraction + " must be in [0, 1)");
        }
        this.name = name;
        this.text = text;
        this.tokenizer = tokenizer == null ? CharTokenizer.fit(text) : tokenizer;
        this.ids = this.tokenizer.encode(text);
        this.trainEnd = ids.length - (int) Math.floor(validationFraction * ids.length);
    }

    /** A text (name stands for it in messages) with the given tokenizer, or a character tokenizer fitted on the whole text if null. */
    public static TextCorpus of(String text, String name, Tokenizer tokenizer, double validationFraction) {
        if (text.isEmpty()) throw new IllegalArgumentException("TextCorpus: text '" + name + "' is empty");
        return new TextCorpus(name, text, tokenizer, validationFraction);
    }

    /** A UTF-8 text file with a character tokenizer and the last 10% held out. */
    public static TextCorpus read(Path file) {
        return read(file, null, DEFAULT_VALIDATION_FRACTION);
    }

    /** A UTF-8 text file; missing, empty or not UTF-8 is a DataFileException naming the file. */
    public static TextCorpus read(Path file, Tokenizer tokenizer, double validationFraction) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such text file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read text file: " + e.getMessage(), e);
        }
        String text = decodeUtf8(bytes, file.toString());
        if (text.isEmpty()) throw new DataFileException(file + ": empty text file");
        return new TextCorpus(file.toString(), text, tokenizer, validationFraction);
    }

    /** The embedded default text (GPL-3, see {@link #RESOURCE}) with a character tokenizer and the last 10% held out. */
    public static TextCorpus embedded() {
        return embedded(null, DEFAULT_VALIDATION_FRACTION);
    }

    public static TextCorpus embedded(Tokenizer tokenizer, double validationFraction) {
        return new TextCorpus("embedded:gpl-3", embeddedText(), tokenizer, validationFraction);
    }

    /** The text of the embedded default corpus. */
    public static String embeddedText() {
        try (InputStream raw = TextCorpus.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) throw new IllegalStateException("TextCorpus: resource " + RESOURCE + " missing from the classpath");
            return decodeUtf8(new GZIPInputStream(raw).readAllBytes(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("TextCorpus: cannot read " + RESOURCE, e);
        }
    }

    /** Strict UTF-8 (a leading byte-order mark dropped); a malformed byte is an error naming its offset. */
    static String decodeUtf8(byte[] bytes, String where) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (r.isError()) {
            throw new DataFileException(where + ": not valid UTF-8 text (malformed byte sequence at byte offset " + in.position() + ")");
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int vocabSize() {
        return tokenizer.vocabSize();
    }

    /** All token ids of the text. */
    public int[] ids() {
        return ids.clone();
    }

    /** Token ids of one part: training [0, trainEnd), validation [trainEnd, n). */
    public int[] ids(Part part) {
        return part == Part.TRAIN ? Arrays.copyOfRange(ids, 0, trainEnd) : Arrays.copyOfRange(ids, trainEnd, ids.length);
    }

    /** Number of tokens in a part. */
    public int size(Part part) {
        return part == Part.TRAIN ? trainEnd : ids.length - trainEnd;
    }

    private int start(Part part) {
        return part == Part.TRAIN ? 0 : trainEnd;
    }

    /**
     * {@code batchSize} windows at random positions of a part (uniform, drawn from rng): inputs
     * [batchSize, seqLen] and targets the same windows one token later, both INT64.
     */
    public Batch randomBatch(Part part, int batchSize, int seqLen, Rng rng) {
        int n = size(part);
        if (batchSize < 1 || seqLen < 1) throw new IllegalArgumentException("TextCorpus.randomBatch: batch size " + batchSize + " and seqLen " + seqLen + " must be >= 1");
        if (n < seqLen + 1) {
            throw new IllegalArgumentException("TextCorpus.randomBatch: the " + part + " part of " + name + " has " + n
                    + " tokens, fewer than seqLen + 1 = " + (seqLen + 1));
        }
        double[] x = new double[batchSize * seqLen];
        double[] y = new double[batchSize * seqLen];
        int base = start(part);
        for (int b = 0; b < batchSize; b++) {
            int s = base + rng.nextInt(n - seqLen);
            for (int k = 0; k < seqLen; k++) {
                x[b * seqLen + k] = ids[s + k];
                y[b * seqLen + k] = ids[s + k + 1];
            }
        }
        return new Batch(Tensor.wrap(x, DType.INT64, batchSize, seqLen), Tensor.wrap(y, DType.INT64, batchSize, seqLen));
    }

    /**
     * Sequential batches over a part: the part's first {@code batchSize * L} tokens
     * ({@code L = size / batchSize}) become {@code batchSize} rows of L consecutive tokens, and the
     * batches take columns [i, i + seqLen) of them for i = 0, seqLen, 2 seqLen, ... with targets
     * one token later (the last batch may be shorter). Together they predict every token of a row
     * after its first exactly once.
     */
    public List<Batch> sequentialBatches(Part part, int batchSize, int seqLen) {
        if (batchSize < 1 || seqLen < 1) throw new IllegalArgumentException("TextCorpus.sequentialBatches: batch size " + batchSize + " and seqLen " + seqLen + " must be >= 1");
        int rowLen = size(part) / batchSize;
        if (rowLen < 2) {
            throw new IllegalArgumentException("TextCorpus.sequentialBatches: the " + part + " part of " + name + " has " + size(part)
                    + " tokens, too few for " + batchSize + " rows of at least 2");
        }
        int base = start(part);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < rowLen - 1; i += seqLen) {
            int len = Math.min(seqLen, rowLen - 1 - i);
            double[] x = new double[batchSize * len];
            double[] y = new double[batchSize * len];
            for (int b = 0; b < batchSize; b++) {
                int s = base + b * rowLen + i;
                for (int k = 0; k < len; k++) {
                    x[b * len + k] = ids[s + k];
                    y[b * len + k] = ids[s + k + 1];
                }
            }
            out.add(new Batch(Tensor.wrap(x, DType.INT64, batchSize, len), Tensor.wrap(y, DType.INT64, batchSize, len)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "TextCorpus(" + name + ", " + ids.length + " tokens, " + tokenizer + ", train " + trainEnd + ", validation " + (ids.length - trainEnd) + ")";
    }
}
