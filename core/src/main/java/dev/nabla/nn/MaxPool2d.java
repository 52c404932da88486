package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Max pooling over [N, C, H, W] (torch.nn.MaxPool2d without dilation); stride defaults to the kernel size. */
public final class MaxPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;

    public MaxPool2d(int kernel) {
        this(new int[] {kernel}, new int[] {kernel}, new int[] {0}, false);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, false);
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        this.kernel = kernel.clone();
        this.stride = stride == null || stride.length == 0 ? kernel.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.maxPool2d(kernel, stride, padding, ceilMode);
    }

    @Override
    protected String describe() {
        return "kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + (ceilMode ? ", ceil_mode=true" : "");
    }
}
