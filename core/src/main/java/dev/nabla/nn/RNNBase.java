package dev.nabla.nn;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Recurrent;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share (torch.nn.RNNBase): stacked, optionally bidirectional layers
 * with PyTorch's parameter names ({@code weight_ih_l0 [G*H, I]}, {@code weight_hh_l0 [G*H, H]}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, {@code ..._reverse} for the backward direction), registered in PyTorch's order and initialized
 * U(-1/sqrt(H), 1/sqrt(H)), so PyTorch state dicts load unchanged.
 *
 * <p>Input [T, B, I] ([B, T, I] batch-first). Each layer and direction is one fused recurrence
 * ({@link Recurrent#sequence}) after one GEMM projecting the inputs of all steps. Variable-length batches:
 * {@link #run(Tensor, int[], Tensor, Tensor)} with each row's length (as a packed sequence in PyTorch): outputs
 * at padded steps are zero, final states are taken at each row's last valid step, the reverse direction starts
 * there, and padding affects neither values nor gradients of the valid part.
 */
public abstract class RNNBase extends Module {
    private final Recurrent.Mode mode;
    private final int inputSize;
    private final int hiddenSize;
    private final RnnOptions options;
    private final Rng rng;
    private final List<Tensor[]> weights = new ArrayList<>(); // per layer*dirs: w_ih, w_hh, b_ih, b_hh
    private final Tensor learnedH0;
    private final Tensor learnedC0;

    RNNBase(Recurrent.Mode mode, int inputSize, int hiddenSize, RnnOptions options, Rng rng) {
        String name = getClass().getSimpleName();
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(name + ": sizes must be positive, got input " + inputSize + ", hidden " + hiddenSize);
        }
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.options = options;
        this.rng = generator("rng", rng); // dropout masks draw from it; checkpoints save its state
        int g = mode.gates() * hiddenSize;
        int dirs = options.directions();
        double k = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < options.numLayers(); l++) {
            int in = l == 0 ? inputSize : dirs * hiddenSize;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                Tensor wih = param("weight_ih" + sfx, Tensor.uniform(rng, -k, k, g, in));
                Tensor whh = param("weight_hh" + sfx, Tensor.uniform(rng, -k, k, g, hiddenSize));
                Tensor bih = options.bias() ? param("bias_ih" + sfx, Tensor.uniform(rng, -k, k, g)) : null;
                Tensor bhh = options.bias() ? param("bias_hh" + sfx, Tensor.uniform(rng, -k, k, g)) : null;
                weights.add(new Tensor[] {wih, whh, bih, bhh});
            }
        }
        int states = options.numLayers() * dirs;
        this.learnedH0 = options.learnInitialState() ? param("h0", Tensor.zeros(states, 1, hiddenSize)) : null;
        this.learnedC0 = options.learnInitialState() && mode == Recurrent.Mode.LSTM
                ? param("c0", Tensor.zeros(states, 1, hiddenSize)) : null;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public RnnOptions options() {
        return options;
    }

    /** The output sequence (final states dropped). */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null, null).output();
    }

    /** Output and final states, starting from zeros (or the learned initial state). */
    public RnnOutput run(Tensor x) {
        return run(x, null, null, null);
    }

    /** Output and final states of a padded batch whose row b holds lengths[b] valid steps. */
    public RnnOutput run(Tensor x, int[] lengths) {
        return run(x, lengths, null, null);
    }

    /**
     * The general form.
     *
     * @param lengths valid steps per batch row (each in 0..T), or null for all
     * @param h0 initial hidden states [layers*dirs, B, H] or null
     * @param c0 initial cell states [layers*dirs, B, H] or null (LSTM only)
     */
    public RnnOutput run(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        String name = getClass().getSimpleName();
        if (x.rank() != 3 || x.dim(2) != inputSize) {
            throw new IllegalArgumentException(name + "(input=" + inputSize + ", hidden=" + hiddenSize + "): input " + x.shape()
                    + " must be " + (options.batchFirst() ? "[B, T, " : "[T, B, ") + inputSize + "]");
        }
        Tensor seq = options.batchFirst() ? x.transpose(0, 1) : x;
        int batch = seq.dim(1);
        int dirs = options.directions();
        int states = options.numLayers() * dirs;
        checkState(name, "h0", h0, states, batch);
        if (c0 != null && mode != Recurrent.Mode.LSTM) throw new IllegalArgumentException(name + ": only LSTM takes c0");
        checkState(name, "c0", c0, states, batch);
        if (h0 == null && learnedH0 != null) h0 = learnedH0.expand(states, batch, hiddenSize);
        if (c0 == null && learnedC0 != null) c0 = learnedC0.expand(states, batch, hiddenSize);
        DType dt = x.dtype();
        Tensor zeros = Tensor.zeros(dt, batch, hiddenSize);
        double rp = isTraining() ? options.recurrentDropout() : 0;
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerIn = seq;
        for (int l = 0; l < options.numLayers(); l++) {
            Tensor[] outs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                int idx = l * dirs + d;
                Tensor[] w = weights.get(idx);
                Tensor xproj = Tensor.linear(layerIn, w[0], w[2]);
                Tensor mask = rp > 0 ? Tensor.bernoulli(rng, 1 - rp, batch, hiddenSize).mul(1 / (1 - rp)).to(dt) : null;
                Recurrent.Result r = Recurrent.sequence(mode, xproj, w[1], w[3], h0 == null ? zeros : h0.select(0, idx),
                        c0 == null ? (mode == Recurrent.Mode.LSTM ? zeros : null) : c0.select(0, idx), lengths, d == 1, mask);
                outs[d] = r.output();
                hs.add(r.h());
                if (r.c() != null) cs.add(r.c());
            }
            layerIn = dirs == 1 ? outs[0] : Tensor.cat(2, outs);
            if (l < options.numLayers() - 1 && options.dropout() > 0 && isTraining()) {
                double p = options.dropout();
                layerIn = layerIn.mul(Tensor.bernoulli(rng, 1 - p, layerIn.dims()).mul(1 / (1 - p)).to(dt));
            }
        }
        Tensor out = options.batchFirst() ? layerIn.transpose(0, 1) : layerIn;
        Tensor h = Tensor.stack(0, hs.toArray(new Tensor[0]));
        Tensor c = cs.isEmpty() ? null : Tensor.stack(0, cs.toArray(new Tensor[0]));
        return new RnnOutput(out, h, c);
    }

    private void checkState(String name, String what, Tensor s, int states, int batch) {
        if (s != null && (s.rank() != 3 || s.dim(0) != states || s.dim(1) != batch || s.dim(2) != hiddenSize)) {
            throw new IllegalArgumentException(name + ": " + what + " " + s.shape() + " must be [" + states + ", " + batch + ", "
                    + hiddenSize + "] (layers*directions, batch, hidden)");
        }
    }

    @Override
    protected String describe() {
        RnnOptions o = options;
        return inputSize + ", " + hiddenSize + (o.numLayers() > 1 ? ", numLayers=" + o.numLayers() : "")
                + (o.bias() ? "" : ", bias=false") + (o.batchFirst() ? ", batchFirst=true" : "")
                + (o.dropout() > 0 ? ", dropout=" + o.dropout() : "") + (o.bidirectional() ? ", bidirectional=true" : "")
                + (o.recurrentDropout() > 0 ? ", recurrentDropout=" + o.recurrentDropout() : "")
                + (o.learnInitialState() ? ", learnInitialState=true" : "");
    }
}
