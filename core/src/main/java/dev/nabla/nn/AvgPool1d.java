package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Average pooling over [N, C, L] (torch.nn.AvgPool1d); stride defaults to the kernel size. */
public final class AvgPool1d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool1d(int kernel) {
        this(kernel, kernel, 0, false, true);
    }

    public AvgPool1d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.avgPool1d(kernel, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    protected String describe() {
        return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + (ceilMode ? ", ceil_mode=true" : "")
                + (countIncludePad ? "" : ", count_include_pad=false");
    }
}
