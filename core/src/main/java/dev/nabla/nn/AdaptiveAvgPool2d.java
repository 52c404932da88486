package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/** Adaptive average pooling of [N, C, H, W] to [N, C, oh, ow] (torch.nn.AdaptiveAvgPool2d). */
public final class AdaptiveAvgPool2d extends Module {
    private final int oh;
    private final int ow;

    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    public AdaptiveAvgPool2d(int oh, int ow) {
        if (oh < 1 || ow < 1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output size " + oh + "x" + ow + " must be positive");
        this.oh = oh;
        this.ow = ow;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.adaptiveAvgPool2d(oh, ow);
    }

    @Override
    protected String describe() {
        return "output=" + oh + "x" + ow;
    }
}
