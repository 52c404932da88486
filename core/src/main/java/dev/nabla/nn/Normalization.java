package dev.nabla.nn;

import dev.nabla.autograd.Grad;
import dev.nabla.autograd.Node;
import dev.nabla.kernel.ChannelNorm;
import dev.nabla.kernel.RowNorm;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Memory;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch, layer, group and instance normalization as compositions of tensor ops (their gradients come
 * from the primitives). Statistics use the biased variance for normalizing, as PyTorch does; batch
 * norm's running variance is updated with the unbiased one. Float32 batch norm runs as one fused op
 * (kernels in {@link ChannelNorm}, its own derivative rule), float32 layer norm likewise ({@link RowNorm});
 * float64 (gradient checks) runs as the composite of primitives.
 */
final class Normalization {
    private Normalization() {}

    /** Dims 0 and 2.. of a [N, C, *] tensor: what batch norm averages over. */
    private static int[] batchDims(Tensor x) {
        int[] d = new int[x.rank() - 1];
        d[0] = 0;
        for (int i = 2; i < x.rank(); i++) d[i - 1] = i;
        return d;
    }

    /** [1, C, 1, ...] to broadcast a per-channel vector over a [N, C, *] tensor. */
    private static Tensor perChannel(Tensor v, Tensor x) {
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[1] = v.numel();
        return v.reshape(s);
    }

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        if (x.rank() < 2) throw new IllegalArgumentException("batch_norm: input " + x.shape() + " must be [N, C, *]");
        int c = x.dim(1);
        checkVector("batch_norm", "weight", weight, c, x);
        checkVector("batch_norm", "bias", bias, c, x);
        checkVector("batch_norm", "running_mean", runningMean, c, x);
        checkVector("batch_norm", "running_var", runningVar, c, x);
        int count = x.numel() / Math.max(1, c);
        if (training && count <= 1) {
            throw new IllegalArgumentException("batch_norm: expected more than 1 value per channel when training, got input " + x.shape());
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batch_norm: evaluation needs running_mean and running_var");
        }
        if (x.dtype() == DType.FLOAT32 && (weight == null || weight.dtype() == DType.FLOAT32)
                && (bias == null || bias.dtype() == DType.FLOAT32) && x.numel() > 0) {
            return fusedBatchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
        }
        Tensor mean;
        Tensor var;
        if (training) {
            int[] dims = batchDims(x);
            mean = x.mean(dims, true);
            var = x.var(dims, false, true);
            if (runningMean != null && runningVar != null) {
                try (var g = Grad.off()) {
                    Tensor m = mean.detach().reshape(c).to(runningMean.dtype());
                    Tensor v = var.detach().reshape(c).mul((double) count / (count - 1)).to(runningVar.dtype());
                    runningMean.mulInPlace(1 - momentum).addInPlace(m, momentum);
                    runningVar.mulInPlace(1 - momentum).addInPlace(v, momentum);
                }
            }
        } else {
            mean = perChannel(runningMean.to(x.dtype()), x);
            var = perChannel(runningVar.to(x.dtype()), x);
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        return affine(y, weight, bias);
    }

    private static void updateRunning(Tensor running, double[] batch, double correction, double momentum) {
        float[] v = new float[batch.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) (batch[i] * correction);
        try (var g = Grad.off()) {
            running.mulInPlace(1 - momentum).addInPlace(Tensor.wrap(v, v.length).to(running.dtype()), momentum);
        }
    }

    private static Tensor fusedBatchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        int n = x.dim(0), c = x.dim(1), s = x.numel() / (n * c);
        Tensor xc = x.detach().contiguous();
        float[] xf = xc.floatData();
        int off = xc.dataOffset();
        double[] mean;
        double[] var;
        if (training) {
            mean = new double[c];
            var = new double[c];
            ChannelNorm.stats(xf, off, n, c, s, mean, var);
            int count = n * s;
            if (runningMean != null) updateRunning(runningMean, mean, 1, momentum);
            if (runningVar != null) updateRunning(runningVar, var, (double) count / (count - 1), momentum);
        } else {
            mean = runningMean.toDoubleArray();
            var = runningVar.toDoubleArray();
        }
        double[] invStd = new double[c];
        for (int i = 0; i < c; i++) invStd[i] = 1 / Math.sqrt(var[i] + eps);
        double[] w = weight == null ? null : weight.toDoubleArray();
        float[] center = new float[c], scale = new float[c], shift = new float[c];
        double[] k = new double[c];
        for (int i = 0; i < c; i++) {
            k[i] = (w == null ? 1 : w[i]) * invStd[i];
            center[i] = (float) mean[i];
            scale[i] = (float) k[i];
        }
        if (bias != null) shift = bias.toFloatArray();
        float[] y = new float[x.numel()];
        ChannelNorm.affine(xf, off, n, c, s, center, scale, shift, y);
        Tensor out = Tensor.wrap(y, x.dims());
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        if (weight != null) inputs.add(weight);
        if (bias != null) inputs.add(bias);
        return Node.record(out, "batch_norm", (Node.FreshRule) (g, reuse) -> { // new arrays, or dy's own when reused
            Tensor gc = g.detach().contiguous();
            float[] gf = gc.floatData();
            int goff = gc.dataOffset();
            double[] sumDy = new double[c], sumDyXhat = new double[c];
            ChannelNorm.gradSums(xf, off, gf, goff, n, c, s, mean, invStd, sumDy, sumDyXhat);
            Tensor[] grads = new Tensor[inputs.size()];
            if (x.requiresGrad()) {
                // dx[j] depends on dy[j] alone: it may overwrite dy when the backward pass owns dy (reuse) or dy
                // is the copy made above, which saves writing a new array
                boolean copied = Memory.key(gc) != Memory.key(g); // detach() is a new tensor over the same memory
                boolean over = (reuse || copied) && goff == 0 && gf.length == x.numel();
                float[] dx = over ? gf : new float[x.numel()];
                if (training) ChannelNorm.inputGrad(xf, off, gf, goff, n, c, s, mean, invStd, k, sumDy, sumDyXhat, dx);
                else ChannelNorm.affine(gf, goff, n, c, s, new float[c], scale, new float[c], dx);
                grads[0] = Tensor.wrap(dx, x.dims());
            }
            int i = 1;
            if (weight != null) grads[i++] = weight.requiresGrad() ? floats(sumDyXhat) : null;
            if (bias != null) grads[i] = bias.requiresGrad() ? floats(sumDy) : null;
            return grads;
        }, inputs.toArray(new Tensor[0]));
    }

    private static Tensor floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, f.length);
    }

    private static Tensor affine(Tensor y, Tensor weight, Tensor bias) {
        if (weight != null) y = y.mul(perChannel(weight, y));
        if (bias != null) y = y.add(perChannel(bias, y));
        return y;
    }

    private static void checkVector(String op, String what, Tensor v, int c, Tensor x) {
        if (v != null && (v.rank() != 1 || v.dim(0) != c)) {
            throw new IllegalArgumentException(op + ": " + what + " " + v.shape() + " does not fit input " + x.shape()
                    + " (need [" + c + "])");
        }
    }

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        boolean fits = k >= 1 && x.rank() >= k;
        for (int i = 0; fits && i < k; i++) fits = x.dim(x.rank() - k + i) == normalizedShape[i];
        if (!fits) {
            throw new IllegalArgumentException("layer_norm: input " + x.shape() + " does not end in normalized shape "
                    + java.util.Arrays.toString(normalizedShape));
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && !java.util.Arrays.equals(t.dims(), normalizedShape)) {
                throw new IllegalArgumentException("layer_norm: weight/bias " + t.shape() + " must have the normalized shape "
                        + java.util.Arrays.toString(normalizedShape));
            }
        }
        if (x.dtype() == DType.FLOAT32 && (weight == null || weight.dtype() == DType.FLOAT32)
                && (bias == null || bias.dtype() == DType.FLOAT32) && x.numel() > 0) {
            return fusedLayerNorm(x, normalizedShape, weight, bias, eps);
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = x.rank() - k + i;
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, false, true);
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    private static Tensor fusedLayerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int m = 1;
        for (int d : normalizedShape) m *= d;
        int rows = x.numel() / m;
        int width = m;
        Tensor xc = x.detach().contiguous();
        float[] xf = xc.floatData();
        int off = xc.dataOffset();
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] b = bias == null ? null : bias.toFloatArray();
        double[] mean = new double[rows], invStd = new double[rows];
        float[] y = new float[x.numel()];
        RowNorm.forward(xf, off, rows, m, w, b, eps, y, mean, invStd);
        List<Tensor> inputs = new ArrayList<>(List.of(x));
        if (weight != null) inputs.add(weight);
        if (bias != null) inputs.add(bias);
        return Node.record(Tensor.wrap(y, x.dims()), "layer_norm", g -> {
            Tensor gc = g.detach().contiguous();
            float[] gf = gc.floatData();
            int goff = gc.dataOffset();
            Tensor[] grads = new Tensor[inputs.size()];
            if (x.requiresGrad()) {
                float[] dx = new float[x.numel()];
                RowNorm.inputGrad(xf, off, gf, goff, rows, width, w, mean, invStd, dx);
                grads[0] = Tensor.wrap(dx, x.dims());
            }
            boolean needW = weight != null && weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
            if (needW || needB) {
                float[] dw = needW ? new float[width] : null, db = needB ? new float[width] : null;
                RowNorm.affineGrad(xf, off, gf, goff, rows, width, mean, invStd, dw, db);
                int i = 1;
                if (weight != null) grads[i++] = needW ? Tensor.wrap(dw, normalizedShape) : null;
                if (bias != null) grads[i] = needB ? Tensor.wrap(db, normalizedShape) : null;
            }
            return grads;
        }, inputs.toArray(new Tensor[0]));
    }

    static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        if (x.rank() < 2 || groups < 1 || x.dim(1) % groups != 0) {
            throw new IllegalArgumentException("group_norm: input " + x.shape() + " must be [N, C, *] with C divisible by "
                    + groups + " groups");
        }
        int c = x.dim(1);
        checkVector("group_norm", "weight", weight, c, x);
        checkVector("group_norm", "bias", bias, c, x);
        Tensor g = x.reshape(x.dim(0), groups, -1);
        if (x.dtype() == DType.FLOAT32 && x.numel() > 0) {
            // each (sample, group) block is one row of a layer norm without affine
            return affine(fusedLayerNorm(g, new int[] {g.dim(2)}, null, null, eps).reshape(x.dims()), weight, bias);
        }
        Tensor mean = g.mean(2, true);
        Tensor var = g.var(2, false, true);
        Tensor y = g.sub(mean).mul(var.add(eps).rsqrt()).reshape(x.dims());
        return affine(y, weight, bias);
    }

    static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        if (x.rank() < 3) throw new IllegalArgumentException("instance_norm: input " + x.shape() + " must be [N, C, *]");
        return groupNorm(x, x.dim(1), weight, bias, eps);
    }
}
