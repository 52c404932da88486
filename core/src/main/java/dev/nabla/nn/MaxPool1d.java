package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Max pooling over [N, C, L] (torch.nn.MaxPool1d without dilation); stride defaults to the kernel size. */
public final class MaxPool1d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;

    public MaxPool1d(int kernel) {
        this(kernel, kernel, 0, false);
    }

    public MaxPool1d(int kernel, int stride, int padding, boolean ceilMode) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.maxPool1d(kernel, stride, padding, ceilMode);
    }

    @Override
    protected String describe() {
        return "kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + (ceilMode ? ", ceil_mode=true" : "");
    }
}
