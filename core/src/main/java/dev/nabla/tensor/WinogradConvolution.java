package dev.nabla.tensor;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.Winograd;

/**
 * The three passes of a float32 3x3 stride-1 convolution by {@link Winograd} F(2x2, 3x3). The input gradient is
 * the same correlation applied to the output gradient, with the kernel rotated and its channel axes swapped, read
 * at padding 2 - p. Images are spread over the pool in fixed chunks, and the weight gradient sums a fixed number
 * of batch chunks in order, so results do not depend on the thread count.
 */
final class WinogradConvolution {
    private WinogradConvolution() {}

    /**
     * Fewest channels on either side for the forward pass and the input gradient, and for the weight gradient:
     * below these the transforms cost more than the saved multiply-adds. Measured at batch 128: 16 channels at
     * 28x28 took 5.0 ms forward against 3.8 by the other paths, but 3.8 ms for the weight gradient against 4.7;
     * from 32 channels all three passes gain (7x7 to 28x28).
     */
    private static final int MIN_CHANNELS = 32, MIN_WEIGHT_CHANNELS = 16;

    /** Whether the forward pass and the input gradient of sp, on tensors of this type, run here. */
    static boolean suits(DType dtype, Convolution.Spec sp) {
        return fits(dtype, sp) && Math.min(sp.c(), sp.o()) >= MIN_CHANNELS;
    }

    /** Whether the weight gradient of sp, on tensors of this type, runs here. */
    static boolean suitsWeight(DType dtype, Convolution.Spec sp) {
        return fits(dtype, sp) && Math.min(sp.c(), sp.o()) >= MIN_WEIGHT_CHANNELS;
    }

    private static boolean fits(DType dtype, Convolution.Spec sp) {
        var g = sp.geo();
        return dtype == DType.FLOAT32 && Winograd.available() && sp.groups() == 1 && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1
                && g.dh() == 1 && g.dw() == 1 && g.pt() <= 2 && g.pl() <= 2 && Winograd.fits(sp.c(), sp.o());
    }

    static Tensor forward(Tensor x, Tensor w, Tensor b, Convolution.Spec sp) {
        var g = sp.geo();
        float[] u = Winograd.transformWeights(w.storage.f, w.offset, sp.o(), sp.c(), false);
        Tensor y = Tensor.empty(DType.FLOAT32, new int[] {sp.n(), sp.o(), g.oh(), g.ow()});
        int inImage = sp.c() * g.h() * g.w(), outImage = sp.o() * g.oh() * g.ow();
        Convolution.forSamples(sp.n(), (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                Winograd.forward(x.storage.f, x.offset + s * inImage, sp.c(), g.h(), g.w(), g.pt(), g.pl(), u, sp.o(),
                        y.storage.f, s * outImage, g.oh(), g.ow());
            }
        });
        if (b != null) Convolution.addBias(y, b, sp.o(), g.oh() * g.ow(), true);
        return y;
    }

    static Tensor input(Tensor gy, Tensor w, Convolution.Spec sp) {
        var g = sp.geo();
        float[] u = Winograd.transformWeights(w.storage.f, w.offset, sp.o(), sp.c(), true);
        Tensor dx = GradBuffers.uninitialized(DType.FLOAT32, new int[] {sp.n(), sp.c(), g.h(), g.w()}); // all written
        int inImage = sp.o() * g.oh() * g.ow(), outImage = sp.c() * g.h() * g.w();
        Convolution.forSamples(sp.n(), (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                Winograd.forward(gy.storage.f, gy.offset + s * inImage, sp.o(), g.oh(), g.ow(), 2 - g.pt(), 2 - g.pl(), u,
                        sp.c(), dx.storage.f, s * outImage, g.h(), g.w());
            }
        });
        return dx;
    }

    static Tensor weight(Tensor x, Tensor gy, Convolution.Spec sp) {
        var g = sp.geo();
        int n = sp.n(), chunks = Math.min(n, Convolution.WEIGHT_CHUNKS), size = Winograd.productsSize(sp.c(), sp.o());
        int inImage = sp.c() * g.h() * g.w(), outImage = sp.o() * g.oh() * g.ow();
        float[][] partial = new float[chunks][];
        Parallel.run(chunks, ch -> {
            float[] du = new float[size];
            for (int s = Parallel.chunkStart(n, chunks, ch), s1 = Parallel.chunkStart(n, chunks, ch + 1); s < s1; s++) {
                Winograd.weightProducts(x.storage.f, x.offset + s * inImage, sp.c(), g.h(), g.w(), g.pt(), g.pl(),
                        gy.storage.f, gy.offset + s * outImage, sp.o(), g.oh(), g.ow(), du);
            }
            partial[ch] = du;
        });
        for (int ch = 1; ch < chunks; ch++) {
            for (int i = 0; i < size; i++) partial[0][i] += partial[ch][i];
        }
        Tensor dw = Tensor.empty(DType.FLOAT32, new int[] {sp.o(), sp.c(), 3, 3});
        Winograd.weightGradient(partial[0], sp.c(), sp.o(), dw.storage.f, 0);
        return dw;
    }
}
