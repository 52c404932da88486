package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;

/**
 * Resizes [N, C, H, W] (torch.nn.Upsample / F.interpolate) to a size or by a scale factor, with
 * NEAREST (source index floor(dst * in/out)) or BILINEAR (align_corners=False: source coordinate
 * (dst + 0.5) * in/out - 0.5, clamped at 0). With a scale factor the source scale is 1/factor, as
 * PyTorch computes it when recompute_scale_factor is not set. Built from index_select, so gradients
 * come from that op.
 */
public final class Upsample extends Module {
    public enum Mode { NEAREST, BILINEAR }

    private final int[] size;
    private final double scaleFactor;
    private final Mode mode;

    /** Resize to {oh, ow}. */
    public Upsample(int[] size, Mode mode) {
        if (size.length != 2 || size[0] < 1 || size[1] < 1) throw new IllegalArgumentException("Upsample: size must be {oh, ow} positive");
        this.size = size.clone();
        this.scaleFactor = 0;
        this.mode = mode;
    }

    /** Resize by a scale factor on both spatial dims. */
    public Upsample(double scaleFactor, Mode mode) {
        if (!(scaleFactor > 0)) throw new IllegalArgumentException("Upsample: scale factor must be positive, got " + scaleFactor);
        this.size = null;
        this.scaleFactor = scaleFactor;
        this.mode = mode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return size != null ? interpolate(x, size, mode) : interpolate(x, scaleFactor, mode);
    }

    public static Tensor interpolate(Tensor x, int[] size, Mode mode) {
        check(x);
        return resize(x, size[0], size[1], (double) x.dim(2) / size[0], (double) x.dim(3) / size[1], mode);
    }

    public static Tensor interpolate(Tensor x, double scaleFactor, Mode mode) {
        check(x);
        int oh = (int) Math.floor(x.dim(2) * scaleFactor), ow = (int) Math.floor(x.dim(3) * scaleFactor);
        if (oh < 1 || ow < 1) throw new IllegalArgumentException("interpolate: scale factor " + scaleFactor + " gives an empty output for " + x.shape());
        return resize(x, oh, ow, 1 / scaleFactor, 1 / scaleFactor, mode);
    }

    private static void check(Tensor x) {
        if (x.rank() != 4) throw new IllegalArgumentException("interpolate: input " + x.shape() + " must be [N, C, H, W]");
    }

    private static Tensor resize(Tensor x, int oh, int ow, double scaleH, double scaleW, Mode mode) {
        return along(along(x, 2, oh, scaleH, mode), 3, ow, scaleW, mode);
    }

    private static Tensor along(Tensor x, int dim, int out, double scale, Mode mode) {
        int in = x.dim(dim);
        if (mode == Mode.NEAREST) {
            int[] idx = new int[out];
            float s = (float) scale;
            for (int i = 0; i < out; i++) idx[i] = Math.min((int) Math.floor(i * s), in - 1);
            return x.indexSelect(dim, Tensor.indices(idx));
        }
        int[] i0 = new int[out];
        int[] i1 = new int[out];
        double[] l1 = new double[out];
        for (int i = 0; i < out; i++) {
            double src = Math.max(scale * (i + 0.5) - 0.5, 0);
            i0[i] = Math.min((int) src, in - 1);
            i1[i] = i0[i] + (i0[i] < in - 1 ? 1 : 0);
            l1[i] = src - i0[i];
        }
        int[] shape = {1, 1, 1, 1};
        shape[dim] = out;
        Tensor w1 = Tensor.wrap(l1, DType.FLOAT64, shape).to(x.dtype());
        Tensor w0 = w1.rsub(1);
        return x.indexSelect(dim, Tensor.indices(i0)).mul(w0).add(x.indexSelect(dim, Tensor.indices(i1)).mul(w1));
    }

    @Override
    protected String describe() {
        return (size != null ? "size=" + size[0] + "x" + size[1] : "scale_factor=" + scaleFactor) + ", mode=" + mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
