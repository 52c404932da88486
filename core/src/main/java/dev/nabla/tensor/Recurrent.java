package dev.nabla.tensor;

import dev.nabla.autograd.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fused recurrences (the kernels behind {@code nn.RNN}, {@code nn.LSTM}, {@code nn.GRU} and their cells), one
 * autograd node per layer and direction, with PyTorch's equations and gate order:
 * <ul>
 *   <li>RNN: {@code h' = act(gi + gh)}, act tanh or relu;
 *   <li>LSTM, gates i, f, g, o: {@code c' = f * c + i * g}, {@code h' = o * tanh(c')};
 *   <li>GRU, gates r, z, n: {@code n = tanh(gi_n + r * gh_n)}, {@code h' = (1 - z) * n + z * h};
 * </ul>
 * where {@code gi} is the input projection of the step ({@code x W_ih^T + b_ih}, computed for all steps at once by
 * the caller with one GEMM) and {@code gh = (h * mask) W_hh^T + b_hh} is computed here, one [B, H] x [H, G*H] GEMM
 * per step. The gate nonlinearities and the state update of a step are one fused loop ({@link RecurrentSteps})
 * with its own derivative rule; the backward pass runs backpropagation through time and forms the gradient of
 * {@code W_hh} with a single GEMM over all steps. Transcendentals use StrictMath (as {@code Tensor.sigmoid} and
 * {@code tanh} do), and rows are split over threads by batch size only, so results are bit-reproducible.
 *
 * <p>Variable lengths: with {@code lengths}, batch row b is active at time t iff {@code t < lengths[b]}; inactive
 * steps keep the state, output zeros and pass gradients straight through, so the final state is the state after
 * each sequence's last valid step, and the reverse direction starts at each sequence's own last valid step.
 *
 * <p>FLOAT32 uses the vectorized GEMM; FLOAT64 (for gradient checks) runs the same code with a plain loop GEMM.
 */
public final class Recurrent {
    private Recurrent() {}

    /** The cell type, with its number of gates G (weights are [G*H, ...]). */
    public enum Mode {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        private final int gates;

        Mode(int gates) {
            this.gates = gates;
        }

        public int gates() {
            return gates;
        }

        public String opName() {
            return switch (this) {
                case RNN_TANH -> "rnn_tanh";
                case RNN_RELU -> "rnn_relu";
                case LSTM -> "lstm";
                case GRU -> "gru";
            };
        }
    }

    /** The outputs of a recurrence: output [T, B, H] in time order, final hidden state h [B, H], final cell c (LSTM, else null). */
    public record Result(Tensor output, Tensor h, Tensor c) {}

    /**
     * Runs one layer in one direction over a whole sequence.
     *
     * @param xproj input projections [T, B, G*H] (x W_ih^T + b_ih), in time order
     * @param whh recurrent weight [G*H, H]
     * @param bhh recurrent bias [G*H] or null
     * @param h0 initial hidden state [B, H]
     * @param c0 initial cell state [B, H] (LSTM only; null means zeros)
     * @param lengths valid length of each batch row (1..T), or null for all T
     * @param reverse process t = T-1 down to 0 (the backward direction of a bidirectional layer)
     * @param hhMask a constant [B, H] factor applied to h before the recurrent GEMM (variational dropout), or null
     */
    public static Result sequence(Mode mode, Tensor xproj, Tensor whh, Tensor bhh, Tensor h0, Tensor c0, int[] lengths,
            boolean reverse, Tensor hhMask) {
        String op = mode.opName();
        int gh = whh.rank() == 2 ? whh.shape[0] : -1;
        int hidden = whh.rank() == 2 ? whh.shape[1] : -1;
        if (whh.rank() != 2 || gh != mode.gates * hidden || hidden <= 0) {
            throw new IllegalArgumentException(op + ": weight_hh " + whh.shape() + " must be [" + mode.gates + "*H, H]");
        }
        if (xproj.rank() != 3 || xproj.shape[2] != gh) {
            throw new IllegalArgumentException(op + ": input projection " + xproj.shape() + " must be [T, B, " + gh
                    + "] for weight_hh " + whh.shape());
        }
        int steps = xproj.shape[0];
        int batch = xproj.shape[1];
        checkState(op, "h0", h0, batch, hidden);
        if (c0 != null) {
            if (mode != Mode.LSTM) throw new IllegalArgumentException(op + ": only LSTM takes a cell state, got c0 " + c0.shape());
            checkState(op, "c0", c0, batch, hidden);
        }
        if (hhMask != null) checkState(op, "recurrent dropout mask", hhMask, batch, hidden);
        if (bhh != null && (bhh.rank() != 1 || bhh.shape[0] != gh)) {
            throw new IllegalArgumentException(op + ": bias_hh " + bhh.shape() + " must be [" + gh + "] for weight_hh " + whh.shape());
        }
        DType dt = xproj.dtype;
        for (Tensor t : new Tensor[] {whh, bhh, h0, c0, hhMask}) {
            if (t != null && t.dtype != dt) {
                throw new IllegalArgumentException(op + ": all tensors must have the input's dtype " + dt + ", got " + t.dtype
                        + " for a tensor of shape " + t.shape());
            }
        }
        if (!dt.isFloating()) throw new IllegalArgumentException(op + ": needs a floating dtype, got " + dt);
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException(op + ": " + lengths.length + " lengths for a batch of " + batch);
            }
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 0 || lengths[b] > steps) {
                    throw new IllegalArgumentException(op + ": length " + lengths[b] + " of batch row " + b
                            + " is outside [0, " + steps + "] for input " + xproj.shape());
                }
            }
        }
        RecurrentSteps.Forward fw = RecurrentSteps.forward(mode, steps, batch, hidden, xproj.dense(), whh.dense(),
                bhh == null ? null : bhh.dense(), h0.dense(), c0 == null ? null : c0.dense(),
                lengths == null ? null : lengths.clone(), reverse, hhMask == null ? null : hhMask.dense());
        Tensor y = fw.y;

        List<Tensor> ins = new ArrayList<>(Arrays.asList(xproj, whh, h0));
        if (bhh != null) ins.add(bhh);
        if (c0 != null) ins.add(c0);
        Tensor[] inputs = ins.toArray(new Tensor[0]);
        Node.record(y, op, g -> {
            RecurrentSteps.Grads gr = fw.backward(g.dense());
            Tensor[] out = new Tensor[inputs.length];
            out[0] = xproj.requiresGrad() ? gr.dxproj() : null;
            out[1] = whh.requiresGrad() ? gr.dwhh() : null;
            out[2] = h0.requiresGrad() ? gr.dh0() : null;
            int k = 3;
            if (bhh != null) out[k++] = bhh.requiresGrad() ? gr.dbhh() : null;
            if (c0 != null) out[k] = c0.requiresGrad() ? gr.dc0() : null;
            return out;
        }, inputs);
        Tensor output = y.narrow(0, 0, steps);
        Tensor h = y.select(0, steps);
        Tensor c = mode == Mode.LSTM ? y.select(0, steps + 1) : null;
        return new Result(output, h, c);
    }

    private static void checkState(String op, String what, Tensor t, int batch, int hidden) {
        if (t.rank() != 2 || t.shape[0] != batch || t.shape[1] != hidden) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.shape() + " must be [" + batch + ", " + hidden + "] (batch, hidden)");
        }
    }
}
