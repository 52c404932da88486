package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import dev.nabla.kernel.MaxPool2x2;
import dev.nabla.kernel.Parallel;
import java.util.Arrays;

/**
 * 2-d max and average pooling over [N, C, H, W] (1-d callers add a height of 1) and adaptive average
 * pooling, with PyTorch's output sizes (ceil_mode included) and divisors. Max pooling remembers the
 * flat index of each window's maximum (the first one on ties; a NaN wins, as in PyTorch), and its
 * gradient goes to that element. Planes (n, c) run in parallel in chunks that depend on size only.
 */
final class Pooling {
    private Pooling() {}

    private static final int GRAIN = 16;

    static int outSize(String op, int in, int k, int s, int p, boolean ceil) {
        int span = in + 2 * p - k;
        if (span < 0) throw new IllegalArgumentException(op + ": kernel " + k + " is larger than the padded input " + (in + 2 * p));
        int out = (ceil ? Math.ceilDiv(span, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= in + p) out--;
        return out;
    }

    private record Window(int n, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {}

    private static Window window(String op, Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceil) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input " + x.shape() + " must be [N, C, H, W]");
        if (!x.dtype.isFloating()) throw new IllegalArgumentException(op + ": input must be floating, got " + x.dtype);
        int[] k = pair(op, "kernel_size", kernel);
        int[] s = stride == null || stride.length == 0 ? k : pair(op, "stride", stride);
        int[] p = pair(op, "padding", padding);
        for (int i = 0; i < 2; i++) {
            if (k[i] < 1 || s[i] < 1 || p[i] < 0) {
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(k) + ", stride " + Arrays.toString(s)
                        + ", padding " + Arrays.toString(p) + " must be positive (padding >= 0)");
            }
            if (p[i] * 2 > k[i]) {
                throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " must be at most half of kernel " + Arrays.toString(k));
            }
        }
        int[] d = x.shape;
        return new Window(d[0], d[1], d[2], d[3], k[0], k[1], s[0], s[1], p[0], p[1],
                outSize(op, d[2], k[0], s[0], p[0], ceil), outSize(op, d[3], k[1], s[1], p[1], ceil));
    }

    private static int[] pair(String op, String what, int[] v) {
        if (v.length == 1) return new int[] {v[0], v[0]};
        if (v.length == 2) return v.clone();
        throw new IllegalArgumentException(op + ": " + what + " needs 1 or 2 values, got " + v.length);
    }

    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceil) {
        Window wn = window("max_pool2d", x, kernel, stride, padding, ceil);
        Tensor xd = x.dense();
        int planes = wn.n * wn.c, in = wn.h * wn.w, out = wn.oh * wn.ow;
        Tensor y = Tensor.empty(x.dtype, new int[] {wn.n, wn.c, wn.oh, wn.ow});
        int[] arg = new int[planes * out];
        Storage xs = xd.storage, ys = y.storage;
        boolean pairs = wn.kh == 2 && wn.kw == 2 && wn.sh == 2 && wn.sw == 2 && wn.ph == 0 && wn.pw == 0
                && 2 * wn.oh <= wn.h && 2 * wn.ow <= wn.w;
        int[] table = pairs && xs.f != null ? MaxPool2x2.table(wn.oh, wn.ow, wn.w) : null;
        Parallel.forRange(planes, GRAIN, (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                if (table != null) MaxPool2x2.plane(xs.f, xd.offset + pl * in, wn.w, table, ys.f, pl * out, arg);
                else if (xs.f != null) maxPlane(wn, xs.f, xd.offset + pl * in, ys.f, pl * out, arg);
                else maxPlane(wn, xs.d, xd.offset + pl * in, ys.d, pl * out, arg);
            }
        });
        return Node.recordShapeOnly(y, "max_pool2d", (Node.FreshRule) (g, reuse) -> { // dx is new memory
            Tensor gd = g.dense();
            Tensor dx = GradBuffers.zeros(g.dtype, x.shape);
            float[] gf = gd.storage.f, dxf = dx.storage.f;
            Parallel.forRange(planes, GRAIN, (start, end) -> {
                for (int pl = start; pl < end; pl++) {
                    int to = pl * in, from = pl * out;
                    if (gf != null && dxf != null) {
                        for (int j = 0; j < out; j++) dxf[to + arg[from + j]] += gf[gd.offset + from + j];
                        continue;
                    }
                    for (int j = 0; j < out; j++) {
                        int t = to + arg[from + j];
                        dx.storage.set(t, dx.storage.get(t) + gd.storage.get(gd.offset + from + j));
                    }
                }
            });
            return new Tensor[] {dx};
        }, x);
    }

    /** One plane of max pooling: a NaN wins its window (as in PyTorch); otherwise the first maximum. */
    private static void maxPlane(Window wn, float[] x, int base, float[] y, int yOff, int[] arg) {
        for (int oy = 0; oy < wn.oh; oy++) {
            int y0 = Math.max(oy * wn.sh - wn.ph, 0), y1 = Math.min(oy * wn.sh - wn.ph + wn.kh, wn.h);
            for (int ox = 0; ox < wn.ow; ox++) {
                int x0 = Math.max(ox * wn.sw - wn.pw, 0), x1 = Math.min(ox * wn.sw - wn.pw + wn.kw, wn.w);
                float best = Float.NEGATIVE_INFINITY;
                int bi = y0 * wn.w + x0;
                for (int iy = y0; iy < y1; iy++) {
                    int row = iy * wn.w;
                    for (int ix = x0; ix < x1; ix++) {
                        float v = x[base + row + ix];
                        if (v > best || v != v) {
                            best = v;
                            bi = row + ix;
                        }
                    }
                }
                int o = yOff + oy * wn.ow + ox;
                y[o] = best;
                arg[o] = bi;
            }
        }
    }

    private static void maxPlane(Window wn, double[] x, int base, double[] y, int yOff, int[] arg) {
        for (int oy = 0; oy < wn.oh; oy++) {
            int y0 = Math.max(oy * wn.sh - wn.ph, 0), y1 = Math.min(oy * wn.sh - wn.ph + wn.kh, wn.h);
            for (int ox = 0; ox < wn.ow; ox++) {
                int x0 = Math.max(ox * wn.sw - wn.pw, 0), x1 = Math.min(ox * wn.sw - wn.pw + wn.kw, wn.w);
                double best = Double.NEGATIVE_INFINITY;
                int bi = y0 * wn.w + x0;
                for (int iy = y0; iy < y1; iy++) {
                    int row = iy * wn.w;
                    for (int ix = x0; ix < x1; ix++) {
                        double v = x[base + row + ix];
                        if (v > best || v != v) {
                            best = v;
                            bi = row + ix;
                        }
                    }
                }
                int o = yOff + oy * wn.ow + ox;
                y[o] = best;
                arg[o] = bi;
            }
        }
    }

    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceil, boolean countIncludePad) {
        Window wn = window("avg_pool2d", x, kernel, stride, padding, ceil);
        Tensor xd = x.dense();
        int planes = wn.n * wn.c, in = wn.h * wn.w, out = wn.oh * wn.ow;
        // Per output position: the clipped window and its divisor (the same for every plane).
        int[] y0 = new int[wn.oh], y1 = new int[wn.oh], x0 = new int[wn.ow], x1 = new int[wn.ow];
        int[] fullH = new int[wn.oh], fullW = new int[wn.ow];
        for (int oy = 0; oy < wn.oh; oy++) {
            int s = oy * wn.sh - wn.ph, e = Math.min(s + wn.kh, wn.h + wn.ph);
            fullH[oy] = e - s;
            y0[oy] = Math.max(s, 0);
            y1[oy] = Math.min(e, wn.h);
        }
        for (int ox = 0; ox < wn.ow; ox++) {
            int s = ox * wn.sw - wn.pw, e = Math.min(s + wn.kw, wn.w + wn.pw);
            fullW[ox] = e - s;
            x0[ox] = Math.max(s, 0);
            x1[ox] = Math.min(e, wn.w);
        }
        double[] inv = new double[out];
        for (int oy = 0; oy < wn.oh; oy++) {
            for (int ox = 0; ox < wn.ow; ox++) {
                int count = countIncludePad ? fullH[oy] * fullW[ox] : (y1[oy] - y0[oy]) * (x1[ox] - x0[ox]);
                inv[oy * wn.ow + ox] = 1.0 / count;
            }
        }
        Tensor y = Tensor.empty(x.dtype, new int[] {wn.n, wn.c, wn.oh, wn.ow});
        Parallel.forRange(planes, GRAIN, (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                int base = xd.offset + pl * in;
                for (int oy = 0; oy < wn.oh; oy++) {
                    for (int ox = 0; ox < wn.ow; ox++) {
                        double s = 0;
                        for (int iy = y0[oy]; iy < y1[oy]; iy++) {
                            for (int ix = x0[ox]; ix < x1[ox]; ix++) s += xd.storage.get(base + iy * wn.w + ix);
                        }
                        y.storage.set(pl * out + oy * wn.ow + ox, s * inv[oy * wn.ow + ox]);
                    }
                }
            }
        });
        return Node.recordShapeOnly(y, "avg_pool2d", g -> {
            Tensor gd = g.dense();
            Tensor dx = Tensor.empty(g.dtype, x.shape);
            Parallel.forRange(planes, GRAIN, (start, end) -> {
                for (int pl = start; pl < end; pl++) {
                    for (int oy = 0; oy < wn.oh; oy++) {
                        for (int ox = 0; ox < wn.ow; ox++) {
                            int o = oy * wn.ow + ox;
                            double v = gd.storage.get(gd.offset + pl * out + o) * inv[o];
                            for (int iy = y0[oy]; iy < y1[oy]; iy++) {
                                for (int ix = x0[ox]; ix < x1[ox]; ix++) {
                                    int t = pl * in + iy * wn.w + ix;
                                    dx.storage.set(t, dx.storage.get(t) + v);
                                }
                            }
                        }
                    }
                }
            });
            return new Tensor[] {dx};
        }, x);
    }

    /** Adaptive average pooling to [oh, ow]: window i covers [floor(i*H/oh), ceil((i+1)*H/oh)). */
    static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
        String op = "adaptive_avg_pool2d";
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input " + x.shape() + " must be [N, C, H, W]");
        if (!x.dtype.isFloating()) throw new IllegalArgumentException(op + ": input must be floating, got " + x.dtype);
        if (oh < 1 || ow < 1) throw new IllegalArgumentException(op + ": output size " + oh + "x" + ow + " must be positive");
        int h = x.shape[2], w = x.shape[3];
        int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
        for (int i = 0; i < oh; i++) {
            y0[i] = (int) ((long) i * h / oh);
            y1[i] = (int) (((long) (i + 1) * h + oh - 1) / oh);
        }
        for (int i = 0; i < ow; i++) {
            x0[i] = (int) ((long) i * w / ow);
            x1[i] = (int) (((long) (i + 1) * w + ow - 1) / ow);
        }
        Tensor xd = x.dense();
        int planes = x.shape[0] * x.shape[1], in = h * w, out = oh * ow;
        Tensor y = Tensor.empty(x.dtype, new int[] {x.shape[0], x.shape[1], oh, ow});
        Parallel.forRange(planes, GRAIN, (start, end) -> {
            for (int pl = start; pl < end; pl++) {
                int base = xd.offset + pl * in;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = 0;
                        for (int iy = y0[oy]; iy < y1[oy]; iy++) {
                            for (int ix = x0[ox]; ix < x1[ox]; ix++) s += xd.storage.get(base + iy * w + ix);
                        }
                        y.storage.set(pl * out + oy * ow + ox, s / ((y1[oy] - y0[oy]) * (x1[ox] - x0[ox])));
                    }
                }
            }
        });
        return Node.recordShapeOnly(y, op, g -> {
            Tensor gd = g.dense();
            Tensor dx = Tensor.empty(g.dtype, x.shape);
            Parallel.forRange(planes, GRAIN, (start, end) -> {
                for (int pl = start; pl < end; pl++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            double v = gd.storage.get(gd.offset + pl * out + oy * ow + ox)
                                    / ((y1[oy] - y0[oy]) * (x1[ox] - x0[ox]));
                            for (int iy = y0[oy]; iy < y1[oy]; iy++) {
                                for (int ix = x0[ox]; ix < x1[ox]; ix++) {
                                    int t = pl * in + iy * w + ix;
                                    dx.storage.set(t, dx.storage.get(t) + v);
                                }
                            }
                        }
                    }
                }
            });
            return new Tensor[] {dx};
        }, x);
    }
}
