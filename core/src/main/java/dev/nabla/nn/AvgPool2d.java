package dev.nabla.nn;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/**
 * Average pooling over [N, C, H, W] (torch.nn.AvgPool2d); stride defaults to the kernel size and
 * count_include_pad to true (padding zeros count in the divisor).
 */
public final class AvgPool2d extends Module {
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool2d(int kernel) {
        this(new int[] {kernel}, new int[] {kernel}, new int[] {0}, false, true);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this(new int[] {kernel}, new int[] {stride}, new int[] {padding}, false, true);
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.kernel = kernel.clone();
        this.stride = stride == null || stride.length == 0 ? kernel.clone() : stride.clone();
        this.padding = padding.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.avgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    protected String describe() {
        return "kernel=" + Arrays.toString(kernel) + ", stride=" + Arrays.toString(stride) + ", padding="
                + Arrays.toString(padding) + (ceilMode ? ", ceil_mode=true" : "")
                + (countIncludePad ? "" : ", count_include_pad=false");
    }
}
