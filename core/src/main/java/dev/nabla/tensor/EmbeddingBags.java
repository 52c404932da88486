package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import java.util.Arrays;

/**
 * torch.nn.functional.embedding_bag: sums, means or maxima of bags of embedding rows, computed
 * without materializing the gathered [indices, dim] rows, with its own derivative rule (a dense
 * gradient for the weight and, in sum mode, one for the per-sample weights).
 */
public final class EmbeddingBags {
    private EmbeddingBags() {}

    /** How the rows of a bag are combined. */
    public enum Mode {
        SUM, MEAN, MAX
    }

    /**
     * The bags of {@code input}: for a 2-d input [B, N] each row is a bag ({@code offsets} must be
     * null); for a 1-d input the bags start at {@code offsets} ([B], or [B + 1] with
     * {@code includeLastOffset}, whose last entry ends the last bag). Entries equal to
     * {@code paddingIdx} (null for none; negative counts from the end) are left out, also from a
     * mean's count; an empty bag gives zeros. {@code perSampleWeights} (shape of input) scales each
     * row and needs mode SUM. Returns [B, dim].
     */
    public static Tensor embeddingBag(Tensor weight, Tensor input, Tensor offsets, Tensor perSampleWeights, Mode mode,
            Integer paddingIdx, boolean includeLastOffset) {
        String op = "embedding_bag";
        if (weight.rank() != 2 || !weight.dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": weight must be a floating [num_embeddings, dim] tensor, got "
                    + weight.dtype + " " + weight.shape());
        }
        if (input.dtype != DType.INT64) throw new IllegalArgumentException(op + ": input must be INT64 indices, got " + input.dtype + " " + input.shape());
        int num = weight.shape[0];
        int dim = weight.shape[1];
        int[][] bags = bagBounds(op, input, offsets, includeLastOffset);
        int[] start = bags[0];
        int[] end = bags[1];
        int nb = start.length;
        if (perSampleWeights != null) {
            if (mode != Mode.SUM) throw new IllegalArgumentException(op + ": per_sample_weights need mode SUM, got " + mode);
            if (!Arrays.equals(perSampleWeights.shape, input.shape) || perSampleWeights.dtype != weight.dtype) {
                throw new IllegalArgumentException(op + ": per_sample_weights " + perSampleWeights.dtype + " " + perSampleWeights.shape()
                        + " must have the input's shape " + input.shape() + " and the weight's dtype " + weight.dtype);
            }
        }
        int pad = -1;
        if (paddingIdx != null) {
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
            if (pad < 0 || pad >= num) throw new IllegalArgumentException(op + ": padding_idx " + paddingIdx + " out of range for " + num + " embeddings");
        }
        double[] idxv = input.toDoubleArray();
        int[] idx = new int[idxv.length];
        for (int p = 0; p < idx.length; p++) {
            long k = (long) idxv[p];
            if (k < 0 || k >= num) {
                throw new IndexOutOfBoundsException(op + ": index " + k + " at position " + p + " out of range for weight " + weight.shape());
            }
            idx[p] = (int) k;
        }
        Tensor w = weight.dense();
        Tensor psw = perSampleWeights == null ? null : perSampleWeights.dense();
        Tensor out = Tensor.empty(weight.dtype, new int[] {nb, dim});
        int[] counts = new int[nb];
        int[] argmax = mode == Mode.MAX ? new int[nb * dim] : null;
        if (argmax != null) Arrays.fill(argmax, -1);
        for (int b = 0; b < nb; b++) {
            int o = b * dim;
            for (int p = start[b]; p < end[b]; p++) {
                int k = idx[p];
                if (k == pad) continue;
                int row = w.offset + k * dim;
                if (mode == Mode.MAX) {
                    for (int j = 0; j < dim; j++) {
                        double v = w.storage.get(row + j);
                        if (counts[b] == 0 || v > out.storage.get(o + j)) {
                            out.storage.set(o + j, v);
                            argmax[o + j] = k;
                        }
                    }
                } else {
                    double s = psw == null ? 1 : psw.storage.get(psw.offset + p);
                    axpy(out.storage, o, w.storage, row, s, dim);
                }
                counts[b]++;
            }
            if (mode == Mode.MEAN && counts[b] > 1) {
                for (int j = 0; j < dim; j++) out.storage.set(o + j, out.storage.get(o + j) / counts[b]);
            }
        }
        final int padRow = pad;
        Tensor[] inputs = perSampleWeights == null ? new Tensor[] {weight} : new Tensor[] {weight, perSampleWeights};
        return Node.record(out, op, g -> {
            Tensor gd = g.dense();
            Tensor dw = null;
            Tensor dpsw = null;
            if (weight.requiresGrad()) {
                dw = Tensor.empty(weight.dtype, weight.shape);
                for (int b = 0; b < nb; b++) {
                    int o = gd.offset + b * dim;
                    if (mode == Mode.MAX) {
                        for (int j = 0; j < dim; j++) {
                            int k = argmax[b * dim + j];
                            if (k >= 0) dw.storage.set(k * dim + j, dw.storage.get(k * dim + j) + gd.storage.get(o + j));
                        }
                        continue;
                    }
                    for (int p = start[b]; p < end[b]; p++) {
                        int k = idx[p];
                        if (k == padRow) continue;
                        double s = mode == Mode.MEAN ? 1.0 / counts[b] : psw == null ? 1 : psw.storage.get(psw.offset + p);
                        axpy(dw.storage, k * dim, gd.storage, o, s, dim);
                    }
                }
            }
            if (perSampleWeights != null && perSampleWeights.requiresGrad()) {
                dpsw = Tensor.empty(weight.dtype, perSampleWeights.shape);
                for (int b = 0; b < nb; b++) {
                    for (int p = start[b]; p < end[b]; p++) {
                        int k = idx[p];
                        if (k == padRow) continue;
                        double dot = 0;
                        for (int j = 0; j < dim; j++) dot += w.storage.get(w.offset + k * dim + j) * gd.storage.get(gd.offset + b * dim + j);
                        dpsw.storage.set(p, dot);
                    }
                }
            }
            return perSampleWeights == null ? new Tensor[] {dw} : new Tensor[] {dw, dpsw};
        }, inputs);
    }

    /** dst[d .. d+n) += a * src[s .. s+n), on the float arrays directly when both are FLOAT32. */
    private static void axpy(Storage dst, int d, Storage src, int s, double a, int n) {
        if (dst.f != null && src.f != null) {
            float af = (float) a;
            float[] x = src.f;
            float[] y = dst.f;
            for (int j = 0; j < n; j++) y[d + j] += af * x[s + j];
        } else {
            for (int j = 0; j < n; j++) dst.set(d + j, dst.get(d + j) + a * src.get(s + j));
        }
    }

    /** Start and end position of each bag in the flattened input. */
    private static int[][] bagBounds(String op, Tensor input, Tensor offsets, boolean includeLastOffset) {
        if (input.rank() == 2) {
            if (offsets != null) throw new IllegalArgumentException(op + ": offsets must be null for a 2-d input " + input.shape() + ", got " + offsets.shape());
            int nb = input.shape[0];
            int n = input.shape[1];
            int[] start = new int[nb];
            int[] end = new int[nb];
            for (int b = 0; b < nb; b++) {
                start[b] = b * n;
                end[b] = b * n + n;
            }
            return new int[][] {start, end};
        }
        if (input.rank() != 1) throw new IllegalArgumentException(op + ": input must be 1-d (with offsets) or 2-d [bags, n], got " + input.shape());
        if (offsets == null || offsets.rank() != 1 || offsets.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": a 1-d input " + input.shape() + " needs 1-d INT64 offsets, got "
                    + (offsets == null ? "null" : offsets.dtype + " " + offsets.shape()));
        }
        int[] off = offsets.toIntArray();
        int n = input.shape[0];
        int nb = includeLastOffset ? off.length - 1 : off.length;
        if (nb < 0 || (off.length > 0 && off[0] != 0)) {
            throw new IllegalArgumentException(op + ": offsets " + Arrays.toString(off) + " must start at 0"
                    + (includeLastOffset ? " and hold at least one entry with include_last_offset" : ""));
        }
        int[] start = new int[nb];
        int[] end = new int[nb];
        for (int b = 0; b < nb; b++) {
            start[b] = off[b];
            end[b] = b + 1 < off.length ? off[b + 1] : n;
            if (end[b] < start[b] || end[b] > n) {
                throw new IllegalArgumentException(op + ": offsets " + Arrays.toString(off) + " must be non-decreasing and at most the input length " + n);
            }
        }
        return new int[][] {start, end};
    }
}
