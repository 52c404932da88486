package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Im2col;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.Reduce;

/**
 * 2-d convolution (and 1-d as 2-d with height 1) by im2col and GEMM, and transposed convolution as its
 * adjoint. Three raw kernels do the work on dense data: {@link #forwardRaw} (y = conv(x, w)),
 * {@link #inputRaw} (the input gradient, which is also the transposed convolution) and
 * {@link #weightRaw} (the weight gradient); each op's derivative rule is made of the other two.
 * FLOAT32 runs on sgemm, FLOAT64 (gradient checks) on dgemm, through the same loops. Small images
 * are batched side by side into one GEMM of about 1024 columns (tune.convColumns); blocks of samples
 * are spread over the shared pool; the weight gradient sums a fixed number of batch chunks in order.
 * Every partition depends on the shapes only, so results do not depend on the thread count.
 */
final class Convolution {
    private Convolution() {}

    /** Batch chunks of the weight gradient (a function of the batch size only). */
    static final int WEIGHT_CHUNKS = 4;
    /** Batch chunks of the forward pass and the input gradient: one im2col buffer per chunk. */
    private static final int SAMPLE_CHUNKS = 16;

    /** Runs body over [0, n) in min(n, SAMPLE_CHUNKS) chunks (inline for one chunk, so GEMM may use the pool). */
    static void forSamples(int n, Parallel.RangeBody body) {
        if (n <= 0) return;
        int chunks = Math.min(n, SAMPLE_CHUNKS);
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        Parallel.run(chunks, c -> body.run(Parallel.chunkStart(n, chunks, c), Parallel.chunkStart(n, chunks, c + 1)));
    }

    /** Shapes of one convolution: n images of c channels, o output channels, in groups; geo is per group. */
    record Spec(int n, int c, int o, int groups, Im2col.Geometry geo) {
        int cg() {
            return c / groups;
        }

        int og() {
            return o / groups;
        }

        int k() {
            return geo.rows();
        }

        int p() {
            return geo.cols();
        }

        int inPlane() {
            return geo.h() * geo.w();
        }

        boolean pointwise() {
            return geo.kh() == 1 && geo.kw() == 1 && geo.sh() == 1 && geo.sw() == 1 && geo.pt() == 0 && geo.pl() == 0
                    && geo.oh() == geo.h() && geo.ow() == geo.w();
        }
    }

    static int outSize(int in, int k, int s, int padTotal, int d) {
        return Math.floorDiv(in + padTotal - d * (k - 1) - 1, s) + 1;
    }

    /** PyTorch's padding="same" for stride 1: total d*(k-1), the extra element (if odd) at the end. */
    static int[] samePadding(int k, int d) {
        int total = d * (k - 1);
        return new int[] {total / 2, total - total / 2};
    }

    /** pads: {p} or {ph, pw} symmetric, or {top, bottom, left, right}. */
    static int[] pads4(String op, int[] p) {
        if (p.length == 1) return new int[] {p[0], p[0], p[0], p[0]};
        if (p.length == 2) return new int[] {p[0], p[0], p[1], p[1]};
        if (p.length == 4) return p.clone();
        throw new IllegalArgumentException(op + ": padding needs 1, 2 or 4 values, got " + p.length);
    }

    private static int[] pair(String op, String what, int[] v) {
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length == 2) return v.clone();
        throw new IllegalArgumentException(op + ": " + what + " needs 1 or 2 values, got " + v.length);
    }

    private static void checkTypes(String op, Tensor x, Tensor w, Tensor b) {
        if (!x.dtype.isFloating() || x.dtype != w.dtype || (b != null && b.dtype != x.dtype)) {
            throw new IllegalArgumentException(op + ": input " + x.dtype + ", weight " + w.dtype
                    + (b == null ? "" : ", bias " + b.dtype) + " must be the same floating dtype");
        }
    }

    static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
        String op = "conv2d";
        int[] s = pair(op, "stride", stride);
        int[] d = pair(op, "dilation", dilation);
        int[] p = pads4(op, padding);
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + w.shape()
                    + " must be [N, C, H, W] and [O, C/groups, kh, kw]");
        }
        checkTypes(op, x, w, b);
        int n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int o = w.shape[0], kh = w.shape[2], kw = w.shape[3];
        if (groups < 1 || c % groups != 0 || o % groups != 0 || w.shape[1] * groups != c) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + ", weight " + w.shape() + " and groups="
                    + groups + " do not fit (need C = weight[1] * groups and O divisible by groups)");
        }
        if (b != null && (b.rank() != 1 || b.shape[0] != o)) {
            throw new IllegalArgumentException(op + ": bias " + b.shape() + " must be [" + o + "]");
        }
        checkPositive(op, s, d, p);
        int oh = outSize(h, kh, s[0], p[0] + p[1], d[0]);
        int ow = outSize(wd, kw, s[1], p[2] + p[3], d[1]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " with padding is smaller than the dilated kernel of weight "
                    + w.shape() + " (output would be " + oh + "x" + ow + ")");
        }
        Spec spec = new Spec(n, c, o, groups, new Im2col.Geometry(c / groups, h, wd, kh, kw, s[0], s[1], p[0], p[2], d[0], d[1], oh, ow));
        Tensor xd = x.dense();
        Tensor wdn = w.dense();
        Tensor y = forwardRaw(xd, wdn, b == null ? null : b.dense(), spec);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        // a FreshRule: every gradient is a new tensor, so the backward pass may reuse their memory (a new path in
        // inputRaw / weightRaw must return new tensors too, never scratch buffers)
        return Node.record(y, op, (Node.FreshRule) (g, reuse) -> {
            Tensor gd = g.dense();
            Tensor dx = x.requiresGrad() ? inputRaw(gd, wdn, spec) : null;
            Tensor dw = w.requiresGrad() ? weightRaw(xd, gd, spec) : null;
            if (b == null) return new Tensor[] {dx, dw};
            return new Tensor[] {dx, dw, b.requiresGrad() ? biasGrad(gd, spec.o, spec.n, spec.p()) : null};
        }, inputs);
    }

    /**
     * Transposed convolution: x [N, Cin, H, W], weight [Cin, Cout/groups, kh, kw]; the gradient of conv2d
     * with respect to its input. padding {ph, pw}, outputPadding {oph, opw} added at the bottom/right.
     */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        String op = "conv_transpose2d";
        int[] s = pair(op, "stride", stride);
        int[] d = pair(op, "dilation", dilation);
        int[] p = pair(op, "padding", padding);
        int[] op2 = pair(op, "output_padding", outputPadding);
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " and weight " + w.shape()
                    + " must be [N, Cin, H, W] and [Cin, Cout/groups, kh, kw]");
        }
        checkTypes(op, x, w, b);
        int n = x.shape[0], cin = x.shape[1], h = x.shape[2], wd = x.shape[3];
        int kh = w.shape[2], kw = w.shape[3];
        if (groups < 1 || w.shape[0] != cin || cin % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + ", weight " + w.shape() + " and groups="
                    + groups + " do not fit (need weight[0] = Cin, divisible by groups)");
        }
        int cout = w.shape[1] * groups;
        if (b != null && (b.rank() != 1 || b.shape[0] != cout)) {
            throw new IllegalArgumentException(op + ": bias " + b.shape() + " must be [" + cout + "]");
        }
        checkPositive(op, s, d, new int[] {p[0], p[1]});
        if (op2[0] < 0 || op2[1] < 0 || (op2[0] >= s[0] && op2[0] >= d[0]) || (op2[1] >= s[1] && op2[1] >= d[1])) {
            throw new IllegalArgumentException(op + ": output_padding " + java.util.Arrays.toString(op2)
                    + " must be smaller than stride or dilation");
        }
        int oh = (h - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op2[0] + 1;
        int ow = (wd - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op2[1] + 1;
        if (oh < 1 || ow < 1) throw new IllegalArgumentException(op + ": output size " + oh + "x" + ow + " is not positive");
        // The convolution whose input gradient this is: input [n, cout, oh, ow] -> output [n, cin, h, w].
        Spec spec = new Spec(n, cout, cin, groups, new Im2col.Geometry(cout / groups, oh, ow, kh, kw, s[0], s[1], p[0], p[1], d[0], d[1], h, wd));
        Tensor xd = x.dense();
        Tensor wdn = w.dense();
        Tensor y = inputRaw(xd, wdn, spec);
        if (b != null) addBias(y, b.dense(), cout, oh * ow, true);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Node.record(y, op, g -> {
            Tensor gd = g.dense();
            Tensor dx = x.requiresGrad() ? forwardRaw(gd, wdn, null, spec) : null;
            Tensor dw = w.requiresGrad() ? weightRaw(gd, xd, spec) : null;
            if (b == null) return new Tensor[] {dx, dw};
            return new Tensor[] {dx, dw, b.requiresGrad() ? biasGrad(gd, cout, n, oh * ow) : null};
        }, inputs);
    }

    private static void checkPositive(String op, int[] s, int[] d, int[] p) {
        for (int v : s) if (v < 1) throw new IllegalArgumentException(op + ": stride must be >= 1, got " + v);
        for (int v : d) if (v < 1) throw new IllegalArgumentException(op + ": dilation must be >= 1, got " + v);
        for (int v : p) if (v < 0) throw new IllegalArgumentException(op + ": padding must be >= 0, got " + v);
    }

    // ---------------------------------------------------------------- raw kernels (dense inputs, no graph)

    /** Target number of GEMM columns per block: small images are batched side by side up to about this. */
    private static final int BLOCK_COLUMNS = Integer.getInteger("tune.convColumns", 1024);
    /**
     * Cap on the elements of one block's im2col buffer when batching samples side by side: about 2 MB, so a
     * block's patches stay near the cache (wide layers, e.g. 64 channels at 28x28, run one sample per block;
     * batching them measured about 20% slower).
     */
    private static final long BLOCK_BUFFER = 1L << 19;
    /** Per-thread scratch arrays (im2col columns, gathered rows) reused across calls: slot 0 col, slot 1 tmp. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * A FLOAT32 work buffer of at least size elements, this thread's own and reused by its next call (callers
     * overwrite every element they read); FLOAT64 (gradient checks) allocates.
     */
    static Storage scratch(DType dtype, int slot, int size) {
        if (dtype != DType.FLOAT32) return Storage.allocate(dtype, size);
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return Storage.of(s[slot]);
    }

    /** Samples per GEMM block: a function of the shapes only, so results do not depend on the thread count. */
    static int samplesPerBlock(Spec sp) {
        int p = Math.max(1, sp.p());
        long per = Math.max(1, (BLOCK_COLUMNS + p - 1) / p);
        per = Math.min(per, Math.max(1, BLOCK_BUFFER / Math.max(1L, (long) sp.k() * p)));
        per = Math.min(per, Math.max(1, sp.n));
        // Round the block count up to a multiple of 4 (smaller blocks), so that 2 or 4 threads get equal shares:
        // 64 samples in 7 blocks of 10 kept one of 2 threads idle for an eighth of the time.
        long blocks = (sp.n + per - 1) / per;
        if (blocks > 1 && sp.n >= 4) blocks = (blocks + 3) / 4 * 4;
        return (int) Math.max(1, (sp.n + blocks - 1) / blocks);
    }

    /** y[n, o, oh, ow] = conv(x, w) + b. */
    static Tensor forwardRaw(Tensor x, Tensor w, Tensor b, Spec sp) {
        if (WinogradConvolution.suits(x.dtype, sp)) return WinogradConvolution.forward(x, w, b, sp);
        if (ShiftedConvolution.suits(sp)) return ShiftedConvolution.forward(x, w, b, sp);
        Tensor y = Tensor.empty(x.dtype, new int[] {sp.n, sp.o, sp.geo.oh(), sp.geo.ow()});
        int k = sp.k(), p = sp.p(), og = sp.og(), cg = sp.cg(), plane = sp.inPlane();
        int per = samplesPerBlock(sp);
        boolean direct = sp.pointwise() && per == 1;
        if (b != null) addBias(y, b, sp.o, p, false);
        double beta = b == null ? 0 : 1;
        int blocks = (sp.n + per - 1) / per;
        forSamples(blocks, (b0, b1) -> {
            Storage col = direct ? null : scratch(x.dtype, 0, k * per * p);
            Storage tmp = per == 1 ? null : scratch(x.dtype, 1, og * per * p);
            for (int blk = b0; blk < b1; blk++) {
                int s0 = blk * per, nb = Math.min(sp.n, s0 + per) - s0, ld = nb * p;
                for (int gi = 0; gi < sp.groups; gi++) {
                    int wOff = w.offset + gi * og * k;
                    if (direct) {
                        gemm(false, false, og, p, k, w.storage, wOff, k, x.storage, x.offset + (s0 * sp.c + gi * cg) * plane, p,
                                beta, y.storage, (s0 * sp.o + gi * og) * p, p);
                        continue;
                    }
                    for (int j = 0; j < nb; j++) {
                        im2col(sp.geo, x.storage, x.offset + ((s0 + j) * sp.c + gi * cg) * plane, col, j * p, ld);
                    }
                    if (nb == 1 && per == 1) {
                        gemm(false, false, og, p, k, w.storage, wOff, k, col, 0, p, beta, y.storage, (s0 * sp.o + gi * og) * p, p);
                        continue;
                    }
                    gemm(false, false, og, ld, k, w.storage, wOff, k, col, 0, ld, 0, tmp, 0, ld);
                    for (int j = 0; j < nb; j++) {
                        for (int o = 0; o < og; o++) {
                            addRow(tmp, o * ld + j * p, y.storage, ((s0 + j) * sp.o + gi * og + o) * p, p);
                        }
                    }
                }
            }
        });
        return y;
    }

    /** dx[n, c, h, w] = the adjoint of conv applied to gy [n, o, oh, ow] (also transposed convolution). */
    static Tensor inputRaw(Tensor gy, Tensor w, Spec sp) {
        if (WinogradConvolution.suits(gy.dtype, sp)) return WinogradConvolution.input(gy, w, sp);
        if (ShiftedConvolution.suitsInput(sp)) return ShiftedConvolution.input(gy, w, sp);
        Tensor dx = Tensor.empty(gy.dtype, new int[] {sp.n, sp.c, sp.geo.h(), sp.geo.w()});
        int k = sp.k(), p = sp.p(), og = sp.og(), cg = sp.cg(), plane = sp.inPlane();
        int per = samplesPerBlock(sp);
        boolean direct = sp.pointwise() && per == 1;
        int blocks = (sp.n + per - 1) / per;
        forSamples(blocks, (b0, b1) -> {
            Storage col = direct ? null : scratch(gy.dtype, 0, k * per * p);
            Storage tmp = per == 1 ? null : scratch(gy.dtype, 1, og * per * p);
            for (int blk = b0; blk < b1; blk++) {
                int s0 = blk * per, nb = Math.min(sp.n, s0 + per) - s0, ld = nb * p;
                for (int gi = 0; gi < sp.groups; gi++) {
                    int wOff = w.offset + gi * og * k;
                    if (direct) {
                        gemm(true, false, k, p, og, w.storage, wOff, k, gy.storage, gy.offset + (s0 * sp.o + gi * og) * p, p, 0,
                                dx.storage, (s0 * sp.c + gi * cg) * plane, p);
                        continue;
                    }
                    Storage src = gy.storage;
                    int srcOff = gy.offset + (s0 * sp.o + gi * og) * p;
                    if (per > 1) {
                        gatherRows(gy, sp, s0, nb, gi, tmp);
                        src = tmp;
                        srcOff = 0;
                    }
                    gemm(true, false, k, ld, og, w.storage, wOff, k, src, srcOff, ld, 0, col, 0, ld);
                    for (int j = 0; j < nb; j++) {
                        col2im(sp.geo, col, j * p, ld, dx.storage, ((s0 + j) * sp.c + gi * cg) * plane);
                    }
                }
            }
        });
        return dx;
    }

    /** dw[o, c/groups, kh, kw] = sum over the batch of gy_g cols(x_g)^T. */
    static Tensor weightRaw(Tensor x, Tensor gy, Spec sp) {
        if (WinogradConvolution.suitsWeight(x.dtype, sp)) return WinogradConvolution.weight(x, gy, sp);
        if (ShiftedConvolution.suits(sp)) return ShiftedConvolution.weight(x, gy, sp);
        int k = sp.k(), p = sp.p(), og = sp.og(), cg = sp.cg(), plane = sp.inPlane();
        int wSize = sp.o * k;
        int per = samplesPerBlock(sp);
        int blocks = (sp.n + per - 1) / per;
        int chunks = Math.min(blocks, WEIGHT_CHUNKS);
        boolean direct = sp.pointwise() && per == 1;
        Storage[] partial = new Storage[chunks];
        Parallel.run(chunks, ch -> {
            int b0 = Parallel.chunkStart(blocks, chunks, ch), b1 = Parallel.chunkStart(blocks, chunks, ch + 1);
            Storage acc = Storage.allocate(x.dtype, wSize);
            Storage col = direct ? null : scratch(x.dtype, 0, k * per * p);
            Storage tmp = per == 1 ? null : scratch(x.dtype, 1, og * per * p);
            for (int blk = b0; blk < b1; blk++) {
                int s0 = blk * per, nb = Math.min(sp.n, s0 + per) - s0, ld = nb * p;
                for (int gi = 0; gi < sp.groups; gi++) {
                    Storage src = x.storage;
                    int srcOff = x.offset + (s0 * sp.c + gi * cg) * plane;
                    if (!direct) {
                        for (int j = 0; j < nb; j++) {
                            im2col(sp.geo, x.storage, x.offset + ((s0 + j) * sp.c + gi * cg) * plane, col, j * p, ld);
                        }
                        src = col;
                        srcOff = 0;
                    }
                    Storage g = gy.storage;
                    int gOff = gy.offset + (s0 * sp.o + gi * og) * p;
                    if (per > 1) {
                        gatherRows(gy, sp, s0, nb, gi, tmp);
                        g = tmp;
                        gOff = 0;
                    }
                    gemm(false, true, og, k, ld, g, gOff, ld, src, srcOff, ld, 1, acc, gi * og * k, k);
                }
            }
            partial[ch] = acc;
        });
        return sumPartials(partial, x.dtype, sp);
    }

    /** The weight gradient [o, c/groups, kh, kw] as the sum of the chunks' partial sums, in chunk order. */
    static Tensor sumPartials(Storage[] partial, DType dtype, Spec sp) {
        Tensor dw = Tensor.empty(dtype, new int[] {sp.o, sp.cg(), sp.geo.kh(), sp.geo.kw()});
        Storage out = dw.storage;
        int size = dw.numel();
        if (out.f != null) {
            for (Storage s : partial) for (int j = 0; j < size; j++) out.f[j] += s.f[j];
        } else {
            for (Storage s : partial) for (int j = 0; j < size; j++) out.d[j] += s.d[j];
        }
        return dw;
    }

    /** Copies gy[s0 + j, gi * og + o, :] to row o, columns j * p.., of tmp [og, nb * p]. */
    private static void gatherRows(Tensor gy, Spec sp, int s0, int nb, int gi, Storage tmp) {
        int p = sp.p(), og = sp.og(), ld = nb * p;
        for (int j = 0; j < nb; j++) {
            for (int o = 0; o < og; o++) {
                int src = gy.offset + ((s0 + j) * sp.o + gi * og + o) * p;
                if (tmp.f != null) System.arraycopy(gy.storage.f, src, tmp.f, o * ld + j * p, p);
                else System.arraycopy(gy.storage.d, src, tmp.d, o * ld + j * p, p);
            }
        }
    }

    /** dst[dOff..dOff+len) += src[sOff..sOff+len). */
    private static void addRow(Storage src, int sOff, Storage dst, int dOff, int len) {
        if (src.f != null) {
            for (int i = 0; i < len; i++) dst.f[dOff + i] += src.f[sOff + i];
        } else {
            for (int i = 0; i < len; i++) dst.d[dOff + i] += src.d[sOff + i];
        }
    }

    /** Sets (or with add, adds) b[ch] to every element of channel ch of a contiguous [n, channels, plane] tensor. */
    static void addBias(Tensor y, Tensor b, int channels, int plane, boolean add) {
        int n = y.numel() / Math.max(1, channels * plane);
        float[] f = y.storage.f;
        double[] d = y.storage.d;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) {
                double v = b.storage.get(b.offset + ch);
                int off = (i * channels + ch) * plane;
                if (!add && f != null) java.util.Arrays.fill(f, off, off + plane, (float) v);
                else if (!add) java.util.Arrays.fill(d, off, off + plane, v);
                else if (f != null) for (int j = off; j < off + plane; j++) f[j] += (float) v;
                else for (int j = off; j < off + plane; j++) d[j] += v;
            }
        }
    }

    /** db[ch] = sum of g over the batch and the plane, accumulated in double; channels in parallel. */
    private static Tensor biasGrad(Tensor g, int channels, int n, int plane) {
        Tensor db = Tensor.empty(g.dtype, new int[] {channels});
        float[] f = g.storage.f;
        double[] d = g.storage.d;
        Parallel.forRange(channels, Math.max(1, (1 << 14) / Math.max(1, n * plane)), (c0, c1) -> {
            for (int ch = c0; ch < c1; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int off = g.offset + (i * channels + ch) * plane;
                    if (f != null) s += Reduce.sum(f, off, plane);
                    else for (int j = 0; j < plane; j++) s += d[off + j];
                }
                db.storage.set(ch, s);
            }
        });
        return db;
    }

    private static void im2col(Im2col.Geometry g, Storage x, int xOff, Storage col, int colOff, int ld) {
        if (x.f != null) Im2col.im2col(g, x.f, xOff, col.f, colOff, ld);
        else Im2col.im2col(g, x.d, xOff, col.d, colOff, ld);
    }

    private static void col2im(Im2col.Geometry g, Storage col, int colOff, int ld, Storage x, int xOff) {
        if (x.f != null) Im2col.col2im(g, col.f, colOff, ld, x.f, xOff);
        else Im2col.col2im(g, col.d, colOff, ld, x.d, xOff);
    }

    private static void gemm(boolean tA, boolean tB, int m, int n, int k, Storage a, int aOff, int lda, Storage b,
            int bOff, int ldb, double beta, Storage c, int cOff, int ldc) {
        if (a.f != null) Gemm.sgemm(tA, tB, m, n, k, 1f, a.f, aOff, lda, b.f, bOff, ldb, (float) beta, c.f, cOff, ldc);
        else Gemm.dgemm(tA, tB, m, n, k, 1.0, a.d, aOff, lda, b.d, bOff, ldb, beta, c.d, cOff, ldc);
    }
}
