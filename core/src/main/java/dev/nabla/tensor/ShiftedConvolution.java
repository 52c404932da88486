package dev.nabla.tensor;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.Simd;
import dev.nabla.kernel.WindowDots;
import java.util.Arrays;

/**
 * Stride-1 convolution without an im2col matrix. With one image zero-padded to [C, Hp, Wp], the output at (y, x)
 * for kernel offset (i, j) reads the padded image at (y + i*dh, x + j*dw): row (c, i, j) of the im2col matrix,
 * taken over a "virtual" output of width Wp, is the window of the flat padded image that starts at
 * {@code c*Hp*Wp + i*dh*Wp + j*dw}. One GEMM whose B rows are given by those offsets ({@link Gemm#sgemmRows})
 * computes every output of the virtual width, and the Wp - OW columns past each output row are dropped. That
 * costs Wp/OW - 1 extra multiply-adds and saves writing and reading a kh*kw times larger matrix.
 *
 * <p>The input gradient of a stride-1 convolution is itself one: the output gradient, padded by the dilated
 * kernel extent minus the padding on each side, correlated with the kernel flipped and its channel axes swapped.
 * Samples are spread over the pool in fixed chunks, so results do not depend on the thread count.
 */
final class ShiftedConvolution {
    private ShiftedConvolution() {}

    /**
     * Most extra work accepted, as the factor by which the virtual width may exceed the output width: measured on
     * LeNet-5 (5x5 kernels on 14x14 images, ratio 1.4), the forward pass and the weight gradient gain even there.
     * Its input gradient (only 6 output rows in the GEMM, ratio 18/14) first ran 15 % slower than im2col and
     * col2im; since the weights are passed transposed it runs in 0.48-0.50 ms against 0.54-0.58, so it is taken.
     */
    private static final double MAX_WIDTH_RATIO = 1.5, MAX_INPUT_WIDTH_RATIO = 1.3;

    /** Whether the forward pass and the weight gradient of sp run here: stride 1, a narrow margin. */
    static boolean suits(Convolution.Spec sp) {
        var g = sp.geo();
        return g.sh() == 1 && g.sw() == 1 && !sp.pointwise()
                && g.ow() + g.dw() * (g.kw() - 1) <= MAX_WIDTH_RATIO * g.ow();
    }

    /** Whether the input gradient of sp runs here (its padding, flipped, must not be negative on any side). */
    static boolean suitsInput(Convolution.Spec sp) {
        var g = sp.geo();
        int ext = g.dh() * (g.kh() - 1), exw = g.dw() * (g.kw() - 1);
        int pb = g.oh() + ext - g.h() - g.pt(), pr = g.ow() + exw - g.w() - g.pl();
        return g.sh() == 1 && g.sw() == 1 && !sp.pointwise() && g.pt() <= ext && pb <= ext && g.pl() <= exw
                && pr <= exw && g.w() + exw <= MAX_INPUT_WIDTH_RATIO * g.w();
    }

    /** y[n, o, oh, ow] = conv(x, w) + b for a stride-1 spec. */
    static Tensor forward(Tensor x, Tensor w, Tensor b, Convolution.Spec sp) {
        var g = sp.geo();
        int og = sp.og(), k = sp.k();
        // wt[gi][(c, i, j), o] = w[gi*og + o, c, i, j]
        Storage wt = Storage.allocate(w.dtype, sp.o() * k);
        for (int gi = 0; gi < sp.groups(); gi++) {
            for (int o = 0; o < og; o++) {
                for (int r = 0; r < k; r++) wt.set((gi * k + r) * og + o, w.storage.get(w.offset + (gi * og + o) * k + r));
            }
        }
        Tensor y = Tensor.empty(x.dtype, new int[] {sp.n(), sp.o(), g.oh(), g.ow()});
        correlate(x, sp.c(), g.h(), g.w(), g.pt(), g.pl(), wt, b, y, sp.o(), g.oh(), g.ow(), sp);
        return y;
    }

    /** dx[n, c, h, w] for a stride-1 spec: the output gradient correlated with the flipped, transposed kernel. */
    static Tensor input(Tensor gy, Tensor w, Convolution.Spec sp) {
        var g = sp.geo();
        int kh = g.kh(), kw = g.kw(), og = sp.og(), cg = sp.cg(), kk = kh * kw;
        // wf[gi][(o, i', j'), c] = w[gi*og + o, c, kh-1-i', kw-1-j']
        Storage wf = Storage.allocate(w.dtype, sp.o() * cg * kk);
        for (int gi = 0; gi < sp.groups(); gi++) {
            for (int o = 0; o < og; o++) {
                for (int c = 0; c < cg; c++) {
                    int src = w.offset + ((gi * og + o) * cg + c) * kk;
                    for (int t = 0; t < kk; t++) {
                        wf.set(((gi * og + o) * kk + kk - 1 - t) * cg + c, w.storage.get(src + t));
                    }
                }
            }
        }
        Tensor dx = GradBuffers.uninitialized(gy.dtype, new int[] {sp.n(), sp.c(), g.h(), g.w()}); // all written
        int ext = g.dh() * (kh - 1), exw = g.dw() * (kw - 1);
        correlate(gy, sp.o(), g.oh(), g.ow(), ext - g.pt(), exw - g.pl(), wf, null, dx, sp.c(), g.h(), g.w(), sp);
        return dx;
    }

    /**
     * The padded layout of one group of icg input channels of h x wd, read by a stride-1 kernel with pt/pl rows
     * and columns of zeros before them, giving oh x ow outputs: images of hp x wp (plane floats per channel),
     * nv virtual output columns (output rows wp apart), and the start of each im2col row (c, i, j) in the image.
     */
    private record Layout(int h, int wd, int pt, int pl, int hp, int wp, int oh, int ow, int nv, int[] rows) {
        static Layout of(Im2col.Geometry g, int icg, int h, int wd, int pt, int pl, int oh, int ow) {
            int hp = oh + g.dh() * (g.kh() - 1), wp = ow + g.dw() * (g.kw() - 1), plane = hp * wp;
            int[] rows = new int[icg * g.kh() * g.kw()];
            for (int c = 0, r = 0; c < icg; c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) rows[r++] = c * plane + i * g.dh() * wp + j * g.dw();
                }
            }
            return new Layout(h, wd, pt, pl, hp, wp, oh, ow, (oh - 1) * wp + ow, rows);
        }

        int channelSize() {
            return hp * wp;
        }

        boolean padded() {
            return pt != 0 || pl != 0 || hp != h || wp != wd;
        }

        /**
         * The padded image of channels [ic0, ic0 + count) of sample s of in: this thread's scratch slot 0, or in
         * itself when nothing is padded. Only the first image of a run of calls with this layout (first) zeroes
         * the borders; the others rewrite the interior, as the borders are still zero.
         */
        Image image(Tensor in, int inC, int s, int ic0, int count, boolean first) {
            int off = in.offset + (s * inC + ic0) * h * wd;
            if (!padded()) return new Image(in.storage, off);
            Storage pad = Convolution.scratch(in.dtype, 0, count * channelSize());
            if (first) fill(pad, 0, count * channelSize());
            copyInterior(in, inC, s, ic0, count, pad, 0);
            return new Image(pad, 0);
        }

        /** Writes channels [ic0, ic0 + count) of sample s of in into the interior of the padded images at padOff. */
        void copyInterior(Tensor in, int inC, int s, int ic0, int count, Storage pad, int padOff) {
            int off = in.offset + (s * inC + ic0) * h * wd;
            for (int c = 0; c < count; c++) {
                for (int r = 0; r < h; r++) {
                    copyRow(in.storage, off + (c * h + r) * wd, pad, padOff + c * channelSize() + (r + pt) * wp + pl,
                            wd, 0);
                }
            }
        }
    }

    /**
     * Writes the output gradient of group gi of sample s into v at vOff, laid out at the virtual width (row y of
     * channel o at o * nv + y * wp; the dropped columns are left as they are, zero).
     */
    private static void gradAtVirtualWidth(Tensor gy, Convolution.Spec sp, Layout lay, int s, int gi, Storage v,
            int vOff) {
        int og = sp.og(), oh = sp.geo().oh(), ow = sp.geo().ow();
        for (int o = 0; o < og; o++) {
            int src = gy.offset + ((s * sp.o() + gi * og + o) * oh) * ow;
            int dst = vOff + o * lay.nv();
            for (int y = 0; y < oh; y++) copyRow(gy.storage, src + y * ow, v, dst + y * lay.wp(), ow, 0);
        }
    }

    private record Image(Storage data, int offset) {}

    /**
     * out[s, oc] = sum over ic, i, j of wt[(ic, i, j), oc] * in[s, ic, y + i*dh - pt, x + j*dw - pl] (+ bias), in
     * groups; in has inC channels of h x wd, out has outC channels of oh x ow. The weights come transposed, per
     * group [inC/groups*kh*kw, outC/groups], so that the GEMM packs them with plain loads instead of gathers.
     */
    private static void correlate(Tensor in, int inC, int h, int wd, int pt, int pl, Storage wt, Tensor bias,
            Tensor out, int outC, int oh, int ow, Convolution.Spec sp) {
        int groups = sp.groups(), icg = inC / groups, ocg = outC / groups;
        Layout lay = Layout.of(sp.geo(), icg, h, wd, pt, pl, oh, ow);
        int k = lay.rows().length, nv = lay.nv(), wp = lay.wp();
        boolean direct = wp == ow; // no dropped columns: the GEMM writes the output in place
        int outPlane = oh * ow;
        if (direct && bias != null) Convolution.addBias(out, bias, outC, outPlane, false); // the GEMM adds onto it
        Convolution.forSamples(sp.n(), (s0, s1) -> {
            Storage tmp = direct ? null : Convolution.scratch(in.dtype, 1, ocg * nv);
            for (int s = s0; s < s1; s++) {
                for (int gi = 0; gi < groups; gi++) {
                    Image img = lay.image(in, inC, s, gi * icg, icg, s == s0 && gi == 0);
                    Storage src = img.data();
                    int srcOff = img.offset();
                    int outOff = (s * outC + gi * ocg) * outPlane;
                    int wo = gi * k * ocg;
                    if (direct) {
                        gemmRows(true, false, ocg, nv, k, wt, wo, ocg, src, srcOff, lay.rows(), bias == null ? 0 : 1,
                                out.storage, outOff, nv);
                        continue;
                    }
                    gemmRows(true, false, ocg, nv, k, wt, wo, ocg, src, srcOff, lay.rows(), 0, tmp, 0, nv);
                    for (int o = 0; o < ocg; o++) {
                        double bv = bias == null ? 0 : bias.storage.get(bias.offset + gi * ocg + o);
                        for (int y = 0; y < oh; y++) {
                            copyRow(tmp, o * nv + y * wp, out.storage, outOff + o * outPlane + y * ow, ow, bv);
                        }
                    }
                }
            }
        });
    }

    /**
     * dw[o, c/groups, kh, kw] for a stride-1 spec: per sample, the output gradient laid out at the virtual width
     * (zeros in the dropped columns) times the transposed shifted windows of the padded input. Samples are summed
     * in a fixed number of chunks (each in order), and the chunks in order.
     */
    static Tensor weight(Tensor x, Tensor gy, Convolution.Spec sp) {
        var g = sp.geo();
        int groups = sp.groups(), cg = sp.cg(), og = sp.og(), oh = g.oh(), ow = g.ow();
        Layout lay = Layout.of(g, cg, g.h(), g.w(), g.pt(), g.pl(), oh, ow);
        int k = lay.rows().length, nv = lay.nv(), wSize = sp.o() * k;
        int n = sp.n(), chunks = Math.min(n, Convolution.WEIGHT_CHUNKS);
        Storage[] partial = new Storage[chunks];
        boolean dots = x.dtype == DType.FLOAT32 && og <= DOT_MAX_CHANNELS && Simd.ENABLED;
        Parallel.run(chunks, ch -> {
            Storage acc = Storage.allocate(x.dtype, wSize);
            int s0 = Parallel.chunkStart(n, chunks, ch), s1 = Parallel.chunkStart(n, chunks, ch + 1);
            if (dots) {
                for (int a0 = s0, per = dotSamples(lay, og, cg); a0 < s1; a0 += per) {
                    weightDots(x, gy, sp, lay, a0, Math.min(s1, a0 + per), acc);
                }
                partial[ch] = acc;
                return;
            }
            Storage v = Convolution.scratch(x.dtype, 1, og * nv);
            fill(v, 0, og * nv); // the dropped columns stay zero: only output rows are written below
            for (int s = s0; s < s1; s++) {
                for (int gi = 0; gi < groups; gi++) {
                    gradAtVirtualWidth(gy, sp, lay, s, gi, v, 0);
                    Image img = lay.image(x, sp.c(), s, gi * cg, cg, s == s0 && gi == 0);
                    gemmRows(false, true, og, k, nv, v, 0, nv, img.data(), img.offset(), lay.rows(), 1, acc, gi * og * k,
                            k);
                }
            }
            partial[ch] = acc;
        });
        return Convolution.sumPartials(partial, x.dtype, sp);
    }

    /**
     * Weight gradients with at most this many output channels per group run as dot products of windows
     * ({@link WindowDots}; FLOAT32 with the Vector API, whose scalar loop is no match for the GEMM): a block of
     * sums stays in registers over all columns and samples instead of the windows being packed into GEMM panels
     * for a product of so few rows. LeNet's conv1 (6 channels, 892 columns) 0.26-0.33 -> 0.18-0.22 ms; its conv2
     * (16 channels, 136 columns) ran no faster that way (0.41 vs 0.39-0.45 ms) and keeps the GEMM.
     */
    static final int DOT_MAX_CHANNELS = 8;

    /** Samples per call of the dot products: their gradients and padded images in about 1 MB of scratch. */
    private static int dotSamples(Layout lay, int og, int cg) {
        long per = (long) og * lay.nv() + (long) cg * lay.channelSize();
        return (int) Math.max(1, (1 << 18) / per);
    }

    /**
     * Adds the weight gradient of samples [s0, s1) to acc by {@link WindowDots}: the output gradients laid out at
     * the virtual width one sample after another, and the (padded) images likewise, or the input itself.
     */
    private static void weightDots(Tensor x, Tensor gy, Convolution.Spec sp, Layout lay, int s0, int s1, Storage acc) {
        int cg = sp.cg(), og = sp.og(), h = sp.geo().h(), wd = sp.geo().w();
        int k = lay.rows().length, ns = s1 - s0, vStride = og * lay.nv(), imgSize = cg * lay.channelSize();
        for (int gi = 0; gi < sp.groups(); gi++) {
            Storage v = Convolution.scratch(DType.FLOAT32, 1, ns * vStride);
            fill(v, 0, ns * vStride);
            for (int s = s0; s < s1; s++) gradAtVirtualWidth(gy, sp, lay, s, gi, v, (s - s0) * vStride);
            float[] img;
            int imgOff, imgStride;
            if (lay.padded()) {
                Storage pad = Convolution.scratch(DType.FLOAT32, 0, ns * imgSize);
                fill(pad, 0, ns * imgSize);
                for (int s = s0; s < s1; s++) lay.copyInterior(x, sp.c(), s, gi * cg, cg, pad, (s - s0) * imgSize);
                img = pad.f;
                imgOff = 0;
                imgStride = imgSize;
            } else {
                img = x.storage.f;
                imgOff = x.offset + (s0 * sp.c() + gi * cg) * h * wd;
                imgStride = sp.c() * h * wd;
            }
            WindowDots.accumulate(v.f, 0, vStride, og, lay.nv(), img, imgOff, imgStride, lay.rows(), ns, acc.f, gi * og * k);
        }
    }

    private static void fill(Storage s, int from, int to) {
        if (from >= to) return;
        if (s.f != null) Arrays.fill(s.f, from, to, 0f);
        else Arrays.fill(s.d, from, to, 0.0);
    }

    /** dst[d..d+len) = src[s..s+len) + v. */
    private static void copyRow(Storage src, int s, Storage dst, int d, int len, double v) {
        if (src.f != null) {
            float fv = (float) v;
            if (fv == 0f) System.arraycopy(src.f, s, dst.f, d, len);
            else for (int i = 0; i < len; i++) dst.f[d + i] = src.f[s + i] + fv;
        } else {
            for (int i = 0; i < len; i++) dst.d[d + i] = src.d[s + i] + v;
        }
    }

    private static void gemmRows(boolean tA, boolean tB, int m, int n, int k, Storage a, int aOff, int lda,
            Storage b, int bOff, int[] rows, double beta, Storage c, int cOff, int ldc) {
        if (a.f != null) {
            Gemm.sgemmRows(tA, tB, m, n, k, 1f, a.f, aOff, lda, b.f, bOff, rows, (float) beta, c.f, cOff, ldc);
        } else {
            Gemm.dgemmRows(tA, tB, m, n, k, 1.0, a.d, aOff, lda, b.d, bOff, rows, beta, c.d, cOff, ldc);
        }
    }
}
