package dev.nabla.tensor;

import static dev.nabla.tensor.RecurrentBuffers.copy;
import static dev.nabla.tensor.RecurrentBuffers.gemm;
import static dev.nabla.tensor.RecurrentBuffers.scratch;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.Reduce;
import dev.nabla.kernel.StrictMathArrays;

/**
 * The loops behind {@link Recurrent#sequence}: the forward recurrence, saving what backward needs, and
 * backpropagation through time. Buffers are {@link Storage}s of the input's dtype; the gate arithmetic runs in
 * double (StrictMath's exp and tanh, in bulk through {@code StrictMathArrays}) and is rounded once when stored.
 * Steps are sequential; within a step, batch rows are split into chunks that depend only on the sizes, so results
 * do not depend on the thread count.
 */
final class RecurrentSteps {
    private RecurrentSteps() {}

    /** Gradients of the recurrence's inputs. */
    record Grads(Tensor dxproj, Tensor dwhh, Tensor dbhh, Tensor dh0, Tensor dc0) {}

    /** About this many gate elements per chunk of rows handed to a thread. */
    private static final int ROW_GRAIN_ELEMENTS = 4096;

    /** Runs the recurrence; {@code save}: keep the gate activations backward needs (false when nothing needs gradients). */
    static Forward forward(Recurrent.Mode mode, int steps, int batch, int hidden, Tensor xp, Tensor w, Tensor bias,
            Tensor h0, Tensor c0, int[] lengths, boolean reverse, Tensor mask, boolean save) {
        Forward f = new Forward(mode, steps, batch, hidden, xp, w, bias, lengths, reverse, mask, save);
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
                boolean reverse, Tensor mask, boolean save) {
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
            this.acts = save && stride > 0 ? Storage.allocate(dtype, steps * batch * stride) : null;
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
            double[] bhh = new double[gh]; // b_hh, added (in double) as the chunks read the GEMM's result
            if (bias != null) for (int j = 0; j < gh; j++) bhh[j] = bias.storage.get(bias.offset + j);
            for (int k = 0; k < steps; k++) {
                int t = time(k);
                if (mask != null) {
                    for (int i = 0; i < bh; i++) hop.set(k * bh + i, hs.get(k * bh + i) * mask.storage.get(mask.offset + i));
                }
                // gh^T [G*H, B] = W_hh h^T: this orientation runs faster than h W_hh^T for a small batch
                gemm(false, true, gh, batch, hidden, w.storage, w.offset, hidden, hop, k * bh, hidden, 0f, ghBuf, 0, batch);
                final int kk = k;
                Parallel.forRange(batch, grain, (s, e) -> stepChunk(kk, t, s, e, ghBuf, bhh));
            }
            copy(hs, steps * bh, y.storage, steps * bh, bh);
            if (cs != null) copy(cs, steps * bh, y.storage, (steps + 1) * bh, bh);
        }

        /**
         * Rows s..e-1 of step k (time t). The chunk's gate pre-activations are gathered gate-major, [G][rows][H], in
         * double, so each nonlinearity runs once over the whole chunk (bulk StrictMath-exact functions, see
         * StrictMathArrays); inactive (padded) rows keep their state and are skipped when results are stored.
         */
        private void stepChunk(int k, int t, int s, int e, Storage ghBuf, double[] bhh) {
            int hd = hidden;
            int rows = e - s;
            int rh = rows * hd;
            int bh = batch * hd;
            int gates = mode.gates();
            double[] buf = scratch(gates * rh + 3 * rh);
            int w = gates * rh;   // [w, w + rh): a second per-row buffer
            int sc = w + rh;      // [sc, sc + 2 rh): scratch of the sigmoid
            for (int j = 0; j < gh; j++) {  // gh^T is [G*H, B]: read along its contiguous rows
                int src = j * batch;
                int dst = (j / hd) * rh + j % hd;
                double bj = bhh[j];
                for (int b = s; b < e; b++) buf[dst + (b - s) * hd] = ghBuf.get(src + b) + bj;
            }
            Storage x = xp.storage;
            int withX = mode == Recurrent.Mode.GRU ? 2 : gates; // GRU's n gate needs r first
            for (int r = 0; r < rows; r++) {
                int b = s + r;
                int hp = k * bh + b * hd;
                if (!active(t, b)) {
                    copy(hs, hp, hs, hp + bh, hd);
                    if (cs != null) copy(cs, hp, cs, hp + bh, hd);
                }
                int xi = xp.offset + (t * batch + b) * gh;
                for (int q = 0; q < withX; q++) {
                    int o = q * rh + r * hd;
                    for (int j = 0; j < hd; j++) buf[o + j] = x.get(xi + q * hd + j) + buf[o + j];
                }
            }
            switch (mode) {
                case RNN_TANH, RNN_RELU -> {
                    if (mode == Recurrent.Mode.RNN_TANH) StrictMathArrays.tanh(buf, 0, buf, 0, rh);
                    for (int r = 0; r < rows; r++) {
                        int b = s + r;
                        if (!active(t, b)) continue;
                        int hn = (k + 1) * bh + b * hd;
                        int out = (t * batch + b) * hd;
                        for (int j = 0; j < hd; j++) {
                            double v = buf[r * hd + j];
                            hs.set(hn + j, mode == Recurrent.Mode.RNN_TANH ? v : (v > 0 ? v : (v == v ? 0.0 : v)));
                            y.storage.set(out + j, hs.get(hn + j));
                        }
                    }
                }
                case LSTM -> {
                    StrictMathArrays.sigmoid(buf, 0, 2 * rh, buf, sc);
                    StrictMathArrays.tanh(buf, 2 * rh, buf, 2 * rh, rh);
                    StrictMathArrays.sigmoid(buf, 3 * rh, rh, buf, sc);
                    for (int r = 0; r < rows; r++) {
                        int b = s + r;
                        int hp = k * bh + b * hd;
                        boolean on = active(t, b);
                        for (int j = 0; j < hd; j++) {
                            int o = r * hd + j;
                            if (on) cs.set(hp + bh + j, buf[rh + o] * cs.get(hp + j) + buf[o] * buf[2 * rh + o]);
                            buf[w + o] = on ? cs.get(hp + bh + j) : 0;
                        }
                    }
                    StrictMathArrays.tanh(buf, w, buf, w, rh);
                    for (int r = 0; r < rows; r++) {
                        int b = s + r;
                        if (!active(t, b)) continue;
                        int hn = (k + 1) * bh + b * hd;
                        int out = (t * batch + b) * hd;
                        int a = (k * batch + b) * stride;
                        for (int j = 0; j < hd; j++) {
                            int o = r * hd + j;
                            double og = buf[3 * rh + o], tc = buf[w + o];
                            if (acts != null) {
                                acts.set(a + j, buf[o]);
                                acts.set(a + hd + j, buf[rh + o]);
                                acts.set(a + 2 * hd + j, buf[2 * rh + o]);
                                acts.set(a + 3 * hd + j, og);
                                acts.set(a + 4 * hd + j, tc);
                            }
                            hs.set(hn + j, og * tc);
                            y.storage.set(out + j, hs.get(hn + j));
                        }
                    }
                }
                case GRU -> {
                    StrictMathArrays.sigmoid(buf, 0, 2 * rh, buf, sc);
                    for (int r = 0; r < rows; r++) {
                        int xi = xp.offset + (t * batch + s + r) * gh + 2 * hd;
                        for (int j = 0; j < hd; j++) {
                            int o = r * hd + j;
                            double ghn = buf[2 * rh + o];
                            buf[w + o] = ghn;
                            buf[2 * rh + o] = x.get(xi + j) + buf[o] * ghn;
                        }
                    }
                    StrictMathArrays.tanh(buf, 2 * rh, buf, 2 * rh, rh);
                    for (int r = 0; r < rows; r++) {
                        int b = s + r;
                        if (!active(t, b)) continue;
                        int hp = k * bh + b * hd;
                        int out = (t * batch + b) * hd;
                        int a = (k * batch + b) * stride;
                        for (int j = 0; j < hd; j++) {
                            int o = r * hd + j;
                            double z = buf[rh + o], n = buf[2 * rh + o];
                            if (acts != null) {
                                acts.set(a + j, buf[o]);
                                acts.set(a + hd + j, z);
                                acts.set(a + 2 * hd + j, n);
                                acts.set(a + 3 * hd + j, buf[w + o]);
                            }
                            hs.set(hp + bh + j, (1 - z) * n + z * hs.get(hp + j));
                            y.storage.set(out + j, hs.get(hp + bh + j));
                        }
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
                    // the chunk's rows of dh ([H, B]) gathered into row-major buffers, and dhNext scattered back
                    int rh = (e - s) * hidden;
                    double[] buf = scratch(2 * rh);
                    for (int j = 0; j < hidden; j++) {
                        for (int b = s; b < e; b++) buf[(b - s) * hidden + j] = dhc.get(j * batch + b);
                    }
                    for (int b = s; b < e; b++) backRow(kk, t, b, gs, go, buf, (b - s) * hidden, rh + (b - s) * hidden, dcc, dcn, dxp.storage, dgh);
                    for (int j = 0; j < hidden; j++) {
                        for (int b = s; b < e; b++) dhn.set(j * batch + b, buf[rh + (b - s) * hidden + j]);
                    }
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
            // dW_hh^T [H, G*H] = hop^T dgh over all steps at once (faster in this orientation), then transposed
            Storage dwt = Storage.allocate(dtype, gh * hidden);
            gemm(true, false, hidden, gh, steps * batch, hop, 0, hidden, dgh, 0, gh, 0f, dwt, 0, gh);
            for (int i0 = 0; i0 < hidden; i0 += 32) {
                for (int j = 0; j < gh; j++) {
                    for (int i = i0; i < Math.min(hidden, i0 + 32); i++) dw.storage.set(j * hidden + i, dwt.get(i * gh + j));
                }
            }
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
         * One row of one step backward: reads dh (buf from p: the gradient reaching h after the step, without this
         * step's output gradient) and dc; writes the gate gradients and the parts of dh, dc before the step that do
         * not go through W_hh (dh's into buf from q, dc's into dcNext).
         */
        private void backRow(int k, int t, int b, Storage gs, int go, double[] buf, int p, int q, Storage dc,
                Storage dcNext, Storage dxp, Storage dgh) {
            int bh = batch * hidden;
            int hd = hidden;
            int row = b * hidden;
            int xi = (t * batch + b) * gh;
            int gi = (k * batch + b) * gh;
            if (!active(t, b)) {
                System.arraycopy(buf, p, buf, q, hd);
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
                        double d = buf[p + j] + gs.get(out + j);
                        double v = hs.get(hp + bh + j);
                        double dp = tanh ? d * (1 - v * v) : (v > 0 ? d : 0);
                        dxp.set(xi + j, dp);
                        if (both) dgh.set(gi + j, dp);
                        buf[q + j] = 0;
                    }
                }
                case LSTM -> {
                    for (int j = 0; j < hd; j++) {
                        double d = buf[p + j] + gs.get(out + j);
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
                        buf[q + j] = 0;
                    }
                }
                case GRU -> {
                    for (int j = 0; j < hd; j++) {
                        double d = buf[p + j] + gs.get(out + j);
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
                        buf[q + j] = d * z;
                    }
                }
            }
        }
    }
}
