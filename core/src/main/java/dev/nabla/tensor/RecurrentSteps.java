package dev.nabla.tensor;

import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.Reduce;
import dev.nabla.kernel.StrictMathArrays;

/**
 * The loops behind {@link Recurrent#sequence}: the forward recurrence, saving what backward needs, and
 * backpropagation through time. Buffers are {@link Storage}s of the input's dtype; the gate arithmetic runs in
 * double (StrictMath for exp and tanh) and is rounded once when stored. Steps are sequential; within a step, batch
 * rows are split into chunks that depend only on the sizes, so results do not depend on the thread count.
 */
final class RecurrentSteps {
    private RecurrentSteps() {}

    /** Gradients of the recurrence's inputs. */
    record Grads(Tensor dxproj, Tensor dwhh, Tensor dbhh, Tensor dh0, Tensor dc0) {}

    /** About this many gate elements per chunk of rows handed to a thread. */
    private static final int ROW_GRAIN_ELEMENTS = 4096;

    static Forward forward(Recurrent.Mode mode, int steps, int batch, int hidden, Tensor xp, Tensor w, Tensor bias,
            Tensor h0, Tensor c0, int[] lengths, boolean reverse, Tensor mask) {
        Forward f = new Forward(mode, steps, batch, hidden, xp, w, bias, lengths, reverse, mask);
        f.run(h0, c0);
        return f;
    }

    static final class Forward {
        final Recurrent.Mode mode;
        final int steps, batch, hidden, gh, stride;
        final DType dtype;
        final Tensor xp, w, bias, mask;
        final int[] lengths;
        final boolean reverse;
        final Storage hs;   // [T+1, B, H] states in processing order: hs[k] is the state before step k
        final Storage cs;   // LSTM cell states, same layout
        final Storage hop;  // [T, B, H] the recurrent GEMM's operand: hs[k] * mask (hs itself without a mask)
        final Storage acts; // [T, B, stride] saved activations per step (LSTM: i, f, g, o, tanh c'; GRU: r, z, n, gh_n)
        final Tensor y;     // [T (+1 +1), B, H]: outputs in time order, final h, final c
        final int grain;

        Forward(Recurrent.Mode mode, int steps, int batch, int hidden, Tensor xp, Tensor w, Tensor bias, int[] lengths,
                boolean reverse, Tensor mask) {
            this.mode = mode;
            this.steps = steps;
            this.batch = batch;
            this.hidden = hidden;
            this.gh = mode.gates() * hidden;
            this.stride = switch (mode) {
                case LSTM -> 5 * hidden;
                case GRU -> 4 * hidden;
                default -> 0;
            };
            this.dtype = xp.dtype;
            this.xp = xp;
            this.w = w;
            this.bias = bias;
            this.mask = mask;
            this.lengths = lengths;
            this.reverse = reverse;
            int bh = batch * hidden;
            this.hs = Storage.allocate(dtype, (steps + 1) * bh);
            this.cs = mode == Recurrent.Mode.LSTM ? Storage.allocate(dtype, (steps + 1) * bh) : null;
            this.hop = mask != null ? Storage.allocate(dtype, steps * bh) : hs;
            this.acts = stride > 0 ? Storage.allocate(dtype, steps * batch * stride) : null;
            this.y = Tensor.empty(dtype, new int[] {steps + (mode == Recurrent.Mode.LSTM ? 2 : 1), batch, hidden});
            this.grain = Math.max(1, ROW_GRAIN_ELEMENTS / Math.max(1, gh));
        }

        int time(int k) {
            return reverse ? steps - 1 - k : k;
        }

        boolean active(int t, int b) {
            return lengths == null || t < lengths[b];
        }

        void run(Tensor h0, Tensor c0) {
            int bh = batch * hidden;
            copy(h0.storage, h0.offset, hs, 0, bh);
            if (cs != null && c0 != null) copy(c0.storage, c0.offset, cs, 0, bh);
            Storage ghBuf = Storage.allocate(dtype, batch * gh);
            for (int k = 0; k < steps; k++) {
                int t = time(k);
                if (mask != null) {
                    for (int i = 0; i < bh; i++) hop.set(k * bh + i, hs.get(k * bh + i) * mask.storage.get(mask.offset + i));
                }
                float beta = 0f;
                if (bias != null) {
                    for (int j = 0; j < gh; j++) {
                        double v = bias.storage.get(bias.offset + j);
                        for (int b = 0; b < batch; b++) ghBuf.set(j * batch + b, v);
                    }
                    beta = 1f;
                }
                // gh^T [G*H, B] = W_hh h^T: this orientation runs faster than h W_hh^T for a small batch
                gemm(false, true, gh, batch, hidden, w.storage, w.offset, hidden, hop, k * bh, hidden, beta, ghBuf, 0, batch);
                final int kk = k;
                Parallel.forRange(batch, grain, (s, e) -> {
                    for (int b = s; b < e; b++) stepRow(kk, t, b, ghBuf);
                });
            }
            copy(hs, steps * bh, y.storage, steps * bh, bh);
            if (cs != null) copy(cs, steps * bh, y.storage, (steps + 1) * bh, bh);
        }

        private void stepRow(int k, int t, int b, Storage ghBuf) {
            int bh = batch * hidden;
            int hp = k * bh + b * hidden;
            int hn = hp + bh;
            if (!active(t, b)) {
                copy(hs, hp, hs, hn, hidden);
                if (cs != null) copy(cs, hp, cs, hn, hidden);
                return; // the output row stays zero
            }
            Storage x = xp.storage;
            int xi = xp.offset + (t * batch + b) * gh;
            int out = (t * batch + b) * hidden;
            int a = (k * batch + b) * stride;
            int hd = hidden;
            // gate pre-activations of the row in double, activated in bulk (bit-identical to StrictMath, see StrictMathArrays)
            double[] pre = scratch(2 * gh + hd);
            int ti = gh;        // [gh, gh + hd): a second row buffer
            int si = gh + hd;   // [gh + hd, 2 gh + hd): scratch of the sigmoid
            int pn = mode == Recurrent.Mode.GRU ? 2 * hd : gh; // GRU's n gate needs r first
            for (int j = 0; j < pn; j++) pre[j] = x.get(xi + j) + ghBuf.get(j * batch + b);
            switch (mode) {
                case RNN_TANH, RNN_RELU -> {
                    if (mode == Recurrent.Mode.RNN_TANH) StrictMathArrays.tanh(pre, 0, pre, 0, hd);
                    for (int j = 0; j < hd; j++) {
                        double v = pre[j];
                        hs.set(hn + j, mode == Recurrent.Mode.RNN_TANH ? v : (v > 0 ? v : (v == v ? 0.0 : v)));
                        y.storage.set(out + j, hs.get(hn + j));
                    }
                }
                case LSTM -> {
                    StrictMathArrays.sigmoid(pre, 0, 2 * hd, pre, si);
                    StrictMathArrays.tanh(pre, 2 * hd, pre, 2 * hd, hd);
                    StrictMathArrays.sigmoid(pre, 3 * hd, hd, pre, si);
                    for (int j = 0; j < hd; j++) {
                        cs.set(hn + j, pre[hd + j] * cs.get(hp + j) + pre[j] * pre[2 * hd + j]);
                        pre[ti + j] = cs.get(hn + j);
                    }
                    StrictMathArrays.tanh(pre, ti, pre, ti, hd);
                    for (int j = 0; j < hd; j++) {
                        double o = pre[3 * hd + j], tc = pre[ti + j];
                        acts.set(a + j, pre[j]);
                        acts.set(a + hd + j, pre[hd + j]);
                        acts.set(a + 2 * hd + j, pre[2 * hd + j]);
                        acts.set(a + 3 * hd + j, o);
                        acts.set(a + 4 * hd + j, tc);
                        hs.set(hn + j, o * tc);
                        y.storage.set(out + j, hs.get(hn + j));
                    }
                }
                case GRU -> {
                    StrictMathArrays.sigmoid(pre, 0, 2 * hd, pre, si);
                    for (int j = 0; j < hd; j++) {
                        double ghn = ghBuf.get((2 * hd + j) * batch + b);
                        pre[ti + j] = ghn;
                        pre[2 * hd + j] = x.get(xi + 2 * hd + j) + pre[j] * ghn;
                    }
                    StrictMathArrays.tanh(pre, 2 * hd, pre, 2 * hd, hd);
                    for (int j = 0; j < hd; j++) {
                        double z = pre[hd + j], n = pre[2 * hd + j];
                        acts.set(a + j, pre[j]);
                        acts.set(a + hd + j, z);
                        acts.set(a + 2 * hd + j, n);
                        acts.set(a + 3 * hd + j, pre[ti + j]);
                        hs.set(hn + j, (1 - z) * n + z * hs.get(hp + j));
                        y.storage.set(out + j, hs.get(hn + j));
                    }
                }
            }
        }

        /** Backpropagation through time of the gradient g of y ([T (+1 +1), B, H], dense). */
        Grads backward(Tensor g) {
            int bh = batch * hidden;
            Storage gs = g.storage;
            int go = g.offset;
            Storage dh = Storage.allocate(dtype, bh);
            Storage dhNext = Storage.allocate(dtype, bh);
            Storage dc = cs != null ? Storage.allocate(dtype, bh) : null;
            Storage dcNext = cs != null ? Storage.allocate(dtype, bh) : null;
            // dh is kept transposed, [H, B], the layout of the recurrent GEMM's result
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) dh.set(j * batch + b, gs.get(go + steps * bh + b * hidden + j));
            }
            if (dc != null) copy(gs, go + (steps + 1) * bh, dc, 0, bh);
            Tensor dxp = Tensor.empty(dtype, new int[] {steps, batch, gh});
            // the gradient of gh per step, in processing order (the same memory as dxp where they coincide)
            boolean shared = mode != Recurrent.Mode.GRU && !reverse;
            Storage dgh = shared ? dxp.storage : Storage.allocate(dtype, steps * batch * gh);
            Storage tmp = mask != null ? Storage.allocate(dtype, bh) : null;
            for (int k = steps - 1; k >= 0; k--) {
                int t = time(k);
                final int kk = k;
                final Storage dhc = dh, dhn = dhNext, dcc = dc, dcn = dcNext;
                Parallel.forRange(batch, grain, (s, e) -> {
                    for (int b = s; b < e; b++) backRow(kk, t, b, gs, go, dhc, dhn, dcc, dcn, dxp.storage, dgh);
                });
                if (mask == null) {
                    gemm(true, true, hidden, batch, gh, w.storage, w.offset, hidden, dgh, k * batch * gh, gh, 1f, dhNext, 0, batch);
                } else {
                    gemm(true, true, hidden, batch, gh, w.storage, w.offset, hidden, dgh, k * batch * gh, gh, 0f, tmp, 0, batch);
                    for (int b = 0; b < batch; b++) {
                        for (int j = 0; j < hidden; j++) {
                            int i = j * batch + b;
                            dhNext.set(i, dhNext.get(i) + tmp.get(i) * mask.storage.get(mask.offset + b * hidden + j));
                        }
                    }
                }
                Storage s = dh;
                dh = dhNext;
                dhNext = s;
                if (dc != null) {
                    s = dc;
                    dc = dcNext;
                    dcNext = s;
                }
            }
            Tensor dw = Tensor.empty(dtype, new int[] {gh, hidden});
            gemm(true, false, gh, hidden, steps * batch, dgh, 0, gh, hop, 0, hidden, 0f, dw.storage, 0, hidden);
            Tensor db = null;
            if (bias != null) {
                db = Tensor.empty(dtype, new int[] {gh});
                int rows = steps * batch;
                if (dgh.f != null) {
                    Reduce.sumColumns(dgh.f, 0, rows, gh, db.storage.f, 0);
                } else {
                    for (int j = 0; j < gh; j++) {
                        double sum = 0;
                        for (int r = 0; r < rows; r++) sum += dgh.get(r * gh + j);
                        db.storage.set(j, sum);
                    }
                }
            }
            Tensor dh0 = Tensor.empty(dtype, new int[] {batch, hidden});
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hidden; j++) dh0.storage.set(b * hidden + j, dh.get(j * batch + b));
            }
            Tensor dc0 = dc == null ? null
                    : new Tensor(dc, new int[] {batch, hidden}, Shape.contiguousStrides(new int[] {batch, hidden}), 0, dtype);
            return new Grads(dxp, dw, db, dh0, dc0);
        }

        /**
         * One row of one step backward: reads dh (transposed, [H, B]: the gradient reaching h after the step,
         * without this step's output gradient) and dc; writes the gate gradients and the parts of dh, dc before the step that do not go
         * through W_hh (dhNext, dcNext).
         */
        private void backRow(int k, int t, int b, Storage gs, int go, Storage dh, Storage dhNext, Storage dc,
                Storage dcNext, Storage dxp, Storage dgh) {
            int bh = batch * hidden;
            int hd = hidden;
            int row = b * hidden;
            int xi = (t * batch + b) * gh;
            int gi = (k * batch + b) * gh;
            if (!active(t, b)) {
                for (int j = 0; j < hd; j++) dhNext.set(j * batch + b, dh.get(j * batch + b));
                if (dc != null) copy(dc, row, dcNext, row, hd);
                for (int j = 0; j < gh; j++) {
                    dxp.set(xi + j, 0);
                    dgh.set(gi + j, 0);
                }
                return;
            }
            boolean both = dxp != dgh || xi != gi; // dgi and dgh live in different places
            int out = go + (t * batch + b) * hidden;
            int hp = k * bh + row;
            int a = (k * batch + b) * stride;
            switch (mode) {
                case RNN_TANH, RNN_RELU -> {
                    boolean tanh = mode == Recurrent.Mode.RNN_TANH;
                    for (int j = 0; j < hd; j++) {
                        double d = dh.get(j * batch + b) + gs.get(out + j);
                        double v = hs.get(hp + bh + j);
                        double dp = tanh ? d * (1 - v * v) : (v > 0 ? d : 0);
                        dxp.set(xi + j, dp);
                        if (both) dgh.set(gi + j, dp);
                        dhNext.set(j * batch + b, 0);
                    }
                }
                case LSTM -> {
                    for (int j = 0; j < hd; j++) {
                        double d = dh.get(j * batch + b) + gs.get(out + j);
                        double i = acts.get(a + j), f = acts.get(a + hd + j), g = acts.get(a + 2 * hd + j);
                        double o = acts.get(a + 3 * hd + j), tc = acts.get(a + 4 * hd + j);
                        double dct = dc.get(row + j) + d * o * (1 - tc * tc);
                        double di = dct * g * i * (1 - i);
                        double df = dct * cs.get(hp + j) * f * (1 - f);
                        double dg = dct * i * (1 - g * g);
                        double dout = d * tc * o * (1 - o);
                        dxp.set(xi + j, di);
                        dxp.set(xi + hd + j, df);
                        dxp.set(xi + 2 * hd + j, dg);
                        dxp.set(xi + 3 * hd + j, dout);
                        if (both) {
                            dgh.set(gi + j, di);
                            dgh.set(gi + hd + j, df);
                            dgh.set(gi + 2 * hd + j, dg);
                            dgh.set(gi + 3 * hd + j, dout);
                        }
                        dcNext.set(row + j, dct * f);
                        dhNext.set(j * batch + b, 0);
                    }
                }
                case GRU -> {
                    for (int j = 0; j < hd; j++) {
                        double d = dh.get(j * batch + b) + gs.get(out + j);
                        double r = acts.get(a + j), z = acts.get(a + hd + j), n = acts.get(a + 2 * hd + j);
                        double ghn = acts.get(a + 3 * hd + j);
                        double dnp = d * (1 - z) * (1 - n * n);
                        double dzp = d * (hs.get(hp + j) - n) * z * (1 - z);
                        double drp = dnp * ghn * r * (1 - r);
                        dxp.set(xi + j, drp);
                        dxp.set(xi + hd + j, dzp);
                        dxp.set(xi + 2 * hd + j, dnp);
                        dgh.set(gi + j, drp);
                        dgh.set(gi + hd + j, dzp);
                        dgh.set(gi + 2 * hd + j, dnp * r);
                        dhNext.set(j * batch + b, d * z);
                    }
                }
            }
        }
    }

    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** A per-thread row buffer of at least n doubles (reused across steps; no allocation per element or step). */
    private static double[] scratch(int n) {
        double[] s = SCRATCH.get();
        if (s.length < n) {
            s = new double[n];
            SCRATCH.set(s);
        }
        return s;
    }

    private static void copy(Storage src, int so, Storage dst, int d0, int n) {
        if (src.f != null && dst.f != null) System.arraycopy(src.f, so, dst.f, d0, n);
        else if (src.d != null && dst.d != null) System.arraycopy(src.d, so, dst.d, d0, n);
        else for (int i = 0; i < n; i++) dst.set(d0 + i, src.get(so + i));
    }

    /** C = op(A) op(B) + beta C on storages of one dtype: the vectorized sgemm for FLOAT32, plain loops otherwise. */
    static void gemm(boolean tA, boolean tB, int m, int n, int k, Storage a, int aOff, int lda, Storage b, int bOff,
            int ldb, float beta, Storage c, int cOff, int ldc) {
        if (a.f != null) {
            Gemm.sgemm(tA, tB, m, n, k, 1f, a.f, aOff, lda, b.f, bOff, ldb, beta, c.f, cOff, ldc);
            return;
        }
        double[] x = a.d, y = b.d, z = c.d;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[aOff + (tA ? p * lda + i : i * lda + p)] * y[bOff + (tB ? j * ldb + p : p * ldb + j)];
                }
                int ci = cOff + i * ldc + j;
                z[ci] = beta == 0f ? s : beta * z[ci] + s;
            }
        }
    }
}
