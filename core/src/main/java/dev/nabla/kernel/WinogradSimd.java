package dev.nabla.kernel;

import static dev.nabla.kernel.GemmSimdKernels.L;
import static dev.nabla.kernel.GemmSimdKernels.NR;
import static dev.nabla.kernel.GemmSimdKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The Vector API side of {@link Winograd}: F(2x2, 3x3) for one image at a time, channels in the vector lanes.
 * The image is first copied, zero-padded, to [Hp, Wp, C] (channels last), so that the 16 inputs of a 4x4 tile
 * are 16 plain vector loads. Tiles go in blocks of {@link #TB}; per block the input transform writes
 * v[xi][t][c] (xi = 4 * row + column of the 4x4 transform), 16 GEMMs multiply each v[xi] by u[xi] into
 * m[xi][t][o], and the output transform writes the 2x2 outputs of each tile channels-last, gathered back into
 * [O, OH, OW] at the end. The weight gradient transforms the output gradient's tiles the same way and adds
 * v[xi]^T m[xi] into its accumulator per block.
 */
final class WinogradSimd {
    private WinogradSimd() {}

    /** Tiles per block: a multiple of the micro-kernel height, sized so v and m stay in the L2 cache. */
    static final int TB = 48 / GemmSimd.MR * GemmSimd.MR;

    private static final class Buffers {
        float[] image = new float[0], v = new float[0], m = new float[0], out = new float[0], stage = new float[0];
        final float[] tile = new float[GemmSimd.MR * NR];
        final int[] laneMap = new int[L], tailMap = new int[L];

        /** Offsets l * stride of the lanes l, and in tail the same for the first n lanes and 0 for the others. */
        int[] lanes(int stride, int n) {
            for (int l = 0; l < L; l++) {
                laneMap[l] = l * stride;
                tailMap[l] = l < n ? l * stride : 0; // masked lanes are range-checked too
            }
            return laneMap;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * The distance between the 16 transform planes of a block: size floats, plus one cache line when size is a
     * multiple of 1 KB, as planes 4 KB apart would all fall into one L1 set (and alias in store forwarding).
     */
    private static int planeStep(int size) {
        return size % 256 == 0 ? size + 16 : size;
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /**
     * This thread's buffers, grown for a padded channels-last image of imageSize floats, 16 transform planes of
     * input tiles (vs apart, c channels, with a micro-kernel of slack) and of products (ms apart), and the
     * channels-last 2x2 blocks of all tiles (outSize = tiles * channels, four floats each).
     */
    private static Buffers buffers(int imageSize, int vs, int ms, int c, int outSize) {
        Buffers buf = BUFFERS.get();
        buf.image = grow(buf.image, imageSize);
        buf.v = grow(buf.v, 16 * vs + GemmSimd.MR * c);
        buf.m = grow(buf.m, 16 * ms);
        buf.out = grow(buf.out, 4 * outSize);
        return buf;
    }

    /**
     * Copies x [c, h, w] at xOff into img [hp, wp, c] with the image placed at (pt, pl) and zeros elsewhere. Each
     * vector of img is one gather of L channels at one position. Channels whose lines would share a few L1 sets
     * (32x32 images are exactly 4 KB apart) are first copied to a staging buffer with a spreading channel stride.
     */
    private static void toChannelsLast(float[] x, int xOff, int c, int h, int w, int pt, int pl, int hp, int wp,
            float[] img, Buffers buf) {
        int plane = h * w;
        if (!spreads(plane)) {
            int lines = (plane + 15) / 16, stride = 16 * (lines % 2 == 0 ? lines + 1 : lines); // an odd line count
            buf.stage = grow(buf.stage, c * stride);
            for (int ch = 0; ch < c; ch++) System.arraycopy(x, xOff + ch * plane, buf.stage, ch * stride, plane);
            x = buf.stage;
            xOff = 0;
            plane = stride;
        }
        int y1 = Math.min(hp, pt + h), x1 = Math.min(wp, pl + w);
        // Zeros: the rows above and below the image, and the columns left and right of it.
        java.util.Arrays.fill(img, 0, pt * wp * c, 0f);
        java.util.Arrays.fill(img, y1 * wp * c, hp * wp * c, 0f);
        for (int yy = pt; yy < y1; yy++) {
            java.util.Arrays.fill(img, yy * wp * c, (yy * wp + pl) * c, 0f);
            java.util.Arrays.fill(img, (yy * wp + x1) * c, (yy + 1) * wp * c, 0f);
        }
        int[] lanes = buf.lanes(plane, L);
        for (int yy = pt; yy < y1; yy++) {
            for (int px = pl; px < x1; px++) {
                int src = xOff + (yy - pt) * w + px - pl, dst = (yy * wp + px) * c;
                for (int c0 = 0; c0 < c; c0 += L) {
                    FloatVector.fromArray(S, x, src + c0 * plane, lanes, 0).intoArray(img, dst + c0);
                }
            }
        }
    }

    /** Whether L floats stride apart lie on L different L1 sets (64 sets of 64-byte lines). */
    static boolean spreads(int stride) {
        long seen = 0;
        for (int l = 0; l < L; l++) {
            long bit = 1L << ((long) l * stride / 16 % 64);
            if ((seen & bit) != 0) return false;
            seen |= bit;
        }
        return true;
    }

    /** Copies the top-left h x w of img [hp, wp, c] to y [c, h, w] at yOff: gathers c apart, rows stored whole. */
    private static void fromChannelsLast(float[] img, int c, int wp, float[] y, int yOff, int h, int w, Buffers buf) {
        int[] lanes = buf.lanes(c, w % L), tailLanes = buf.tailMap;
        VectorMask<Float> tail = S.indexInRange(w - w % L, w);
        for (int r = 0; r < h; r++) { // a row of img (w * c floats) stays in L1 while every channel reads it
            for (int ch = 0; ch < c; ch++) {
                int src = r * wp * c + ch, dst = yOff + (ch * h + r) * w;
                int j = 0;
                for (; j <= w - L; j += L) FloatVector.fromArray(S, img, src + j * c, lanes, 0).intoArray(y, dst + j);
                if (j < w) FloatVector.fromArray(S, img, src + j * c, tailLanes, 0, tail).intoArray(y, dst + j, tail);
            }
        }
    }


    /**
     * y[o, oh, ow] = the stride-1 3x3 correlation of x [c, h, w] (zero outside, image at (pt, pl)) with the
     * transformed weights u [16, c, kp] ({@link Winograd#transformWeights}), one image.
     */
    static void forward(float[] x, int xOff, int c, int h, int w, int pt, int pl, float[] u, int o, int kp, float[] y,
            int yOff, int oh, int ow) {
        int th = (oh + 1) / 2, tw = (ow + 1) / 2, hp = 2 * th + 2, wp = 2 * tw + 2, tiles = th * tw;
        int vs = planeStep(TB * c), ms = planeStep(TB * kp);
        Buffers buf = buffers(hp * wp * c, vs, ms, c, tiles * o);
        float[] img = buf.image, v = buf.v, m = buf.m, out = buf.out;
        toChannelsLast(x, xOff, c, h, w, pt, pl, hp, wp, img, buf);
        for (int t0 = 0; t0 < tiles; t0 += TB) {
            int nt = Math.min(TB, tiles - t0);
            for (int t = 0; t < nt; t++) {
                int ty = (t0 + t) / tw, tx = (t0 + t) % tw;
                inputTransform(img, (2 * ty * wp + 2 * tx) * c, wp * c, c, v, t * c, vs);
            }
            for (int xi = 0; xi < 16; xi++) {
                multiply(nt, c, kp, v, xi * vs, u, xi * c * kp, m, xi * ms, buf.tile);
            }
            for (int t = 0; t < nt; t++) {
                int ty = (t0 + t) / tw, tx = (t0 + t) % tw;
                outputTransform(m, t * kp, ms, o, out, (2 * ty * 2 * tw + 2 * tx) * o, 2 * tw * o);
            }
        }
        fromChannelsLast(out, o, 2 * tw, y, yOff, oh, ow, buf);
    }

    /** m[t][0..kp) = sum over c of v[t][c] * u[c][..] for t < nt: row panels of MR tiles, column panels of NR. */
    private static void multiply(int nt, int c, int kp, float[] v, int vOff, float[] u, int uOff, float[] m, int mOff,
            float[] tile) {
        int mr = GemmSimd.MR;
        for (int t = 0; t < nt; t += mr) {
            int rows = Math.min(mr, nt - t);
            for (int j = 0; j < kp; j += NR) {
                if (mr == 12 && rows > 6) GemmSimdKernels.kernel12r(c, v, vOff + t * c, c, u, uOff + j, kp, tile);
                else GemmSimdKernels.kernel6r(c, v, vOff + t * c, c, u, uOff + j, kp, tile);
                GemmSimdKernels.store(tile, m, mOff + t * kp + j, kp, rows, NR, GemmSimdKernels.OVERWRITE, 0f);
            }
        }
    }

    /**
     * v[xi][c0..] = (B^T d B)[xi] for the 4x4 tile d at img[at] (rows rs apart, columns c apart), every L-channel
     * group; xi-planes of v are step apart. B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]].
     */
    private static void inputTransform(float[] img, int at, int rs, int c, float[] v, int vOff, int step) {
        // Written out in full: a helper taking four rows of vectors left them boxed (the allocation of the whole
        // convolution twice over), and a second pass through memory cost 10 % more.
        for (int c0 = 0; c0 < c; c0 += L) {
            int r0 = at + c0, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs, o = vOff + c0;
            // Rows of B^T d: d0 - d2, d1 + d2, d2 - d1, d1 - d3 (di the rows of the tile), column by column.
            FloatVector d00 = FloatVector.fromArray(S, img, r0), d01 = FloatVector.fromArray(S, img, r0 + c);
            FloatVector d02 = FloatVector.fromArray(S, img, r0 + 2 * c), d03 = FloatVector.fromArray(S, img, r0 + 3 * c);
            FloatVector d10 = FloatVector.fromArray(S, img, r1), d11 = FloatVector.fromArray(S, img, r1 + c);
            FloatVector d12 = FloatVector.fromArray(S, img, r1 + 2 * c), d13 = FloatVector.fromArray(S, img, r1 + 3 * c);
            FloatVector d20 = FloatVector.fromArray(S, img, r2), d21 = FloatVector.fromArray(S, img, r2 + c);
            FloatVector d22 = FloatVector.fromArray(S, img, r2 + 2 * c), d23 = FloatVector.fromArray(S, img, r2 + 3 * c);
            FloatVector d30 = FloatVector.fromArray(S, img, r3), d31 = FloatVector.fromArray(S, img, r3 + c);
            FloatVector d32 = FloatVector.fromArray(S, img, r3 + 2 * c), d33 = FloatVector.fromArray(S, img, r3 + 3 * c);
            // Each row (t0, t1, t2, t3) of B^T d becomes (t0 - t2, t1 + t2, t2 - t1, t1 - t3).
            FloatVector t0 = d00.sub(d20), t1 = d01.sub(d21), t2 = d02.sub(d22), t3 = d03.sub(d23);
            t0.sub(t2).intoArray(v, o);
            t1.add(t2).intoArray(v, o + step);
            t2.sub(t1).intoArray(v, o + 2 * step);
            t1.sub(t3).intoArray(v, o + 3 * step);
            t0 = d10.add(d20);
            t1 = d11.add(d21);
            t2 = d12.add(d22);
            t3 = d13.add(d23);
            t0.sub(t2).intoArray(v, o + 4 * step);
            t1.add(t2).intoArray(v, o + 5 * step);
            t2.sub(t1).intoArray(v, o + 6 * step);
            t1.sub(t3).intoArray(v, o + 7 * step);
            t0 = d20.sub(d10);
            t1 = d21.sub(d11);
            t2 = d22.sub(d12);
            t3 = d23.sub(d13);
            t0.sub(t2).intoArray(v, o + 8 * step);
            t1.add(t2).intoArray(v, o + 9 * step);
            t2.sub(t1).intoArray(v, o + 10 * step);
            t1.sub(t3).intoArray(v, o + 11 * step);
            t0 = d10.sub(d30);
            t1 = d11.sub(d31);
            t2 = d12.sub(d32);
            t3 = d13.sub(d33);
            t0.sub(t2).intoArray(v, o + 12 * step);
            t1.add(t2).intoArray(v, o + 13 * step);
            t2.sub(t1).intoArray(v, o + 14 * step);
            t1.sub(t3).intoArray(v, o + 15 * step);
        }
    }

    /**
     * Writes the 2x2 outputs A^T m A of one tile (m[xi] at m[at + xi*step], o channels) to out [.., .., o] at
     * position at, rows rs apart. A^T = [[1,1,1,0],[0,1,-1,-1]].
     */
    private static void outputTransform(float[] m, int at, int step, int o, float[] out, int to, int rs) {
        for (int c0 = 0; c0 < o; c0 += L) {
            int p = at + c0, q = to + c0;
            // Row pass: s0[b] = m0b + m1b + m2b, s1[b] = m1b - m2b - m3b, for columns b = 0..3.
            FloatVector m1 = FloatVector.fromArray(S, m, p + 4 * step), m2 = FloatVector.fromArray(S, m, p + 8 * step);
            FloatVector a0 = FloatVector.fromArray(S, m, p).add(m1).add(m2);
            FloatVector b0 = m1.sub(m2).sub(FloatVector.fromArray(S, m, p + 12 * step));
            m1 = FloatVector.fromArray(S, m, p + 5 * step);
            m2 = FloatVector.fromArray(S, m, p + 9 * step);
            FloatVector a1 = FloatVector.fromArray(S, m, p + step).add(m1).add(m2);
            FloatVector b1 = m1.sub(m2).sub(FloatVector.fromArray(S, m, p + 13 * step));
            m1 = FloatVector.fromArray(S, m, p + 6 * step);
            m2 = FloatVector.fromArray(S, m, p + 10 * step);
            FloatVector a2 = FloatVector.fromArray(S, m, p + 2 * step).add(m1).add(m2);
            FloatVector b2 = m1.sub(m2).sub(FloatVector.fromArray(S, m, p + 14 * step));
            m1 = FloatVector.fromArray(S, m, p + 7 * step);
            m2 = FloatVector.fromArray(S, m, p + 11 * step);
            FloatVector a3 = FloatVector.fromArray(S, m, p + 3 * step).add(m1).add(m2);
            FloatVector b3 = m1.sub(m2).sub(FloatVector.fromArray(S, m, p + 15 * step));
            a0.add(a1).add(a2).intoArray(out, q);
            a1.sub(a2).sub(a3).intoArray(out, q + o);
            b0.add(b1).add(b2).intoArray(out, q + rs);
            b1.sub(b2).sub(b3).intoArray(out, q + rs + o);
        }
    }

    /**
     * Adds to acc [16, c, kp] the weight-gradient products of one image: for every tile, the transformed input
     * (B^T d B) times the transformed output gradient (A g A^T), summed over the image's tiles in blocks.
     */
    static void weightProducts(float[] x, int xOff, int c, int h, int w, int pt, int pl, float[] gy, int gyOff, int o,
            int kp, int oh, int ow, float[] acc) {
        int th = (oh + 1) / 2, tw = (ow + 1) / 2, hp = 2 * th + 2, wp = 2 * tw + 2, tiles = th * tw;
        int vs = planeStep(TB * c), ms = planeStep(TB * kp);
        Buffers buf = buffers(hp * wp * c, vs, ms, c, tiles * o);
        float[] img = buf.image, v = buf.v, m = buf.m, g = buf.out;
        toChannelsLast(x, xOff, c, h, w, pt, pl, hp, wp, img, buf);
        toChannelsLast(gy, gyOff, o, oh, ow, 0, 0, 2 * th, 2 * tw, g, buf);
        for (int t0 = 0; t0 < tiles; t0 += TB) {
            int nt = Math.min(TB, tiles - t0);
            for (int t = 0; t < nt; t++) {
                int ty = (t0 + t) / tw, tx = (t0 + t) % tw;
                inputTransform(img, (2 * ty * wp + 2 * tx) * c, wp * c, c, v, t * c, vs);
                gradTransform(g, (2 * ty * 2 * tw + 2 * tx) * o, 2 * tw * o, o, m, t * kp, ms);
            }
            for (int xi = 0; xi < 16; xi++) {
                accumulate(nt, c, kp, v, xi * vs, m, xi * ms, acc, xi * c * kp, buf.tile);
            }
        }
    }

    /** acc[c][kp] += sum over t < nt of v[t][c] * m[t][kp]: row panels of MR channels, column panels of NR. */
    private static void accumulate(int nt, int c, int kp, float[] v, int vOff, float[] m, int mOff, float[] acc,
            int accOff, float[] tile) {
        int mr = GemmSimd.MR;
        for (int i = 0; i < c; i += mr) {
            int rows = Math.min(mr, c - i);
            for (int j = 0; j < kp; j += NR) {
                if (mr == 12 && rows > 6) GemmSimdKernels.kernel12(nt, v, vOff + i, c, m, mOff + j, kp, tile);
                else GemmSimdKernels.kernel6(nt, v, vOff + i, c, m, mOff + j, kp, tile);
                GemmSimdKernels.store(tile, acc, accOff + i * kp + j, kp, rows, NR, GemmSimdKernels.ADD, 1f);
            }
        }
    }

    /**
     * m[xi][..] = (A g A^T)[xi] for the 2x2 output-gradient tile at g[at] (rows rs apart, o channels, zeros past
     * the image); A = [[1,0],[1,1],[1,-1],[0,-1]]. Channels past o (up to the padded kp) are left as they are.
     */
    private static void gradTransform(float[] g, int at, int rs, int o, float[] m, int to, int step) {
        for (int c0 = 0; c0 < o; c0 += L) {
            int src = at + c0, p = to + c0;
            FloatVector g00 = FloatVector.fromArray(S, g, src), g01 = FloatVector.fromArray(S, g, src + o);
            FloatVector g10 = FloatVector.fromArray(S, g, src + rs), g11 = FloatVector.fromArray(S, g, src + rs + o);
            // Rows of A g: h0 = g0, h1 = g0 + g1, h2 = g0 - g1, h3 = -g1 (g0, g1 the rows of g).
            FloatVector h10 = g00.add(g10), h11 = g01.add(g11), h20 = g00.sub(g10), h21 = g01.sub(g11);
            FloatVector h30 = g10.neg(), h31 = g11.neg();
            // Columns: (A g) A^T gives per row r: [r0, r0 + r1, r0 - r1, -r1].
            row(g00, g01, m, p, step);
            row(h10, h11, m, p + 4 * step, step);
            row(h20, h21, m, p + 8 * step, step);
            row(h30, h31, m, p + 12 * step, step);
        }
    }

    private static void row(FloatVector r0, FloatVector r1, float[] m, int p, int step) {
        r0.intoArray(m, p);
        r0.add(r1).intoArray(m, p + step);
        r0.sub(r1).intoArray(m, p + 2 * step);
        r1.neg().intoArray(m, p + 3 * step);
    }
}
