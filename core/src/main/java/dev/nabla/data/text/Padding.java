package dev.nabla.data.text;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Id sequences of different lengths to one [N, L] INT64 tensor, with Keras pad_sequences semantics:
 * sequences longer than L lose their start ({@link Side#PRE}) or end ({@link Side#POST}); shorter
 * ones are filled with {@code value} before ({@code PRE}) or after ({@code POST}) them. Keras's
 * defaults are PRE for both and value 0 (= {@link Vocabulary#PAD_INDEX}).
 */
public final class Padding {
    private Padding() {}

    /** Where padding is added or where a too long sequence is cut. */
    public enum Side {
        PRE, POST
    }

    /**
     * The padded ids [N, L], a BOOL mask [N, L] (true where a real token sits) and the INT64 lengths
     * [N] of the kept parts.
     */
    public record Padded(Tensor ids, Tensor mask, Tensor lengths) {}

    /** Keras defaults: length of the longest sequence, padding and truncating PRE, value 0. */
    public static Padded pad(List<int[]> sequences) {
        return pad(sequences, -1, Side.PRE, Side.PRE, Vocabulary.PAD_INDEX);
    }

    /**
     * Pads or truncates every sequence to {@code maxLen} ({@code -1}: the longest sequence's length).
     */
    public static Padded pad(List<int[]> sequences, int maxLen, Side padding, Side truncating, int value) {
        if (maxLen < -1) throw new IllegalArgumentException("Padding.pad: maxLen " + maxLen + " must be >= 0 (or -1 for the longest)");
        int len = maxLen;
        if (len == -1) {
            len = 0;
            for (int[] s : sequences) len = Math.max(len, s.length);
        }
        int n = sequences.size();
        double[] ids = new double[n * len];
        double[] mask = new double[n * len];
        double[] lengths = new double[n];
        for (int i = 0; i < n; i++) {
            int[] s = sequences.get(i);
            int keep = Math.min(s.length, len);
            int from = truncating == Side.PRE ? s.length - keep : 0;
            int at = padding == Side.PRE ? len - keep : 0;
            java.util.Arrays.fill(ids, i * len, (i + 1) * len, value);
            for (int j = 0; j < keep; j++) {
                ids[i * len + at + j] = s[from + j];
                mask[i * len + at + j] = 1;
            }
            lengths[i] = keep;
        }
        return new Padded(Tensor.wrap(ids, DType.INT64, n, len), Tensor.wrap(mask, DType.BOOL, n, len),
                Tensor.wrap(lengths, DType.INT64, n));
    }
}
