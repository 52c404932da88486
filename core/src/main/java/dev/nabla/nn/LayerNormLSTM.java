package dev.nabla.nn;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A layer-normalized LSTM layer (Ba, Kiros and Hinton 2016, "Layer Normalization", section 3.1), one layer, one
 * direction:
 * <pre>
 *   gates = LN_ih(W_ih x) + LN_hh(W_hh h)          [4H], split as i, f, g, o (PyTorch's order)
 *   c'    = sigmoid(f) * c + sigmoid(i) * tanh(g)
 *   h'    = sigmoid(o) * tanh(LN_c(c'))
 * </pre>
 * Each LN normalizes over its whole vector and has its own gain (ones) and bias (zeros); the two gate biases take
 * the place of the LSTM's {@code b_ih + b_hh}, so there is no separate bias. Parameters: {@code weight_ih [4H, I]},
 * {@code weight_hh [4H, H]} (init U(-1/sqrt(H), 1/sqrt(H)) as LSTM), {@code ln_ih.weight/bias [4H]},
 * {@code ln_hh.weight/bias [4H]}, {@code ln_c.weight/bias [H]}. PyTorch has no such layer; the fixture's reference is
 * these equations written with torch ops. Built from tensor ops (no fused kernel), so it is slower than {@link LSTM}.
 * Input [T, B, I] ([B, T, I] batch-first), optional lengths as in {@link RNNBase}; states [1, B, H].
 */
public final class LayerNormLSTM extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final boolean batchFirst;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final LayerNorm lnIh;
    private final LayerNorm lnHh;
    private final LayerNorm lnC;

    public LayerNormLSTM(int inputSize, int hiddenSize, boolean batchFirst, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("LayerNormLSTM: sizes must be positive, got input " + inputSize + ", hidden " + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.batchFirst = batchFirst;
        double k = 1 / Math.sqrt(hiddenSize);
        this.weightIh = param("weight_ih", Tensor.uniform(rng, -k, k, 4 * hiddenSize, inputSize));
        this.weightHh = param("weight_hh", Tensor.uniform(rng, -k, k, 4 * hiddenSize, hiddenSize));
        this.lnIh = child("ln_ih", new LayerNorm(4 * hiddenSize));
        this.lnHh = child("ln_hh", new LayerNorm(4 * hiddenSize));
        this.lnC = child("ln_c", new LayerNorm(hiddenSize));
    }

    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null, null).output();
    }

    /**
     * Output [T, B, H] (zero at padded steps), final h and c [1, B, H].
     *
     * @param lengths valid steps per batch row, or null
     * @param h0 initial h [1, B, H] or null (zeros)
     * @param c0 initial c [1, B, H] or null (zeros)
     */
    public RnnOutput run(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        if (x.rank() != 3 || x.dim(2) != inputSize) {
            throw new IllegalArgumentException("LayerNormLSTM(input=" + inputSize + ", hidden=" + hiddenSize + "): input " + x.shape()
                    + " must be " + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "]");
        }
        Tensor seq = batchFirst ? x.transpose(0, 1) : x;
        int steps = seq.dim(0);
        int batch = seq.dim(1);
        int hd = hiddenSize;
        for (Tensor s : new Tensor[] {h0, c0}) {
            if (s != null && (s.rank() != 3 || s.dim(0) != 1 || s.dim(1) != batch || s.dim(2) != hd)) {
                throw new IllegalArgumentException("LayerNormLSTM: initial state " + s.shape() + " must be [1, " + batch + ", " + hd + "]");
            }
        }
        if (lengths != null && lengths.length != batch) {
            throw new IllegalArgumentException("LayerNormLSTM: " + lengths.length + " lengths for a batch of " + batch);
        }
        Tensor gi = lnIh.forward(Tensor.linear(seq, weightIh, null)); // all steps at once
        Tensor h = h0 == null ? Tensor.zeros(x.dtype(), batch, hd) : h0.select(0, 0);
        Tensor c = c0 == null ? Tensor.zeros(x.dtype(), batch, hd) : c0.select(0, 0);
        Tensor[] outs = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            Tensor gates = gi.select(0, t).add(lnHh.forward(Tensor.linear(h, weightHh, null)));
            Tensor i = gates.narrow(1, 0, hd).sigmoid();
            Tensor f = gates.narrow(1, hd, hd).sigmoid();
            Tensor g = gates.narrow(1, 2 * hd, hd).tanh();
            Tensor o = gates.narrow(1, 3 * hd, hd).sigmoid();
            Tensor cNew = f.mul(c).add(i.mul(g));
            Tensor hNew = o.mul(lnC.forward(cNew).tanh());
            if (lengths == null) {
                h = hNew;
                c = cNew;
                outs[t] = hNew;
            } else {
                double[] m = new double[batch];
                for (int b = 0; b < batch; b++) {
                    if (lengths[b] < 0 || lengths[b] > steps) {
                        throw new IllegalArgumentException("LayerNormLSTM: length " + lengths[b] + " of row " + b + " outside [0, " + steps + "]");
                    }
                    m[b] = t < lengths[b] ? 1 : 0;
                }
                Tensor active = Tensor.fromArray(m, x.dtype(), batch, 1);
                Tensor held = active.rsub(1);
                h = hNew.mul(active).add(h.mul(held));
                c = cNew.mul(active).add(c.mul(held));
                outs[t] = hNew.mul(active);
            }
        }
        Tensor out = Tensor.stack(0, outs);
        return new RnnOutput(batchFirst ? out.transpose(0, 1) : out, h.unsqueeze(0), c.unsqueeze(0));
    }

    @Override
    protected String describe() {
        return inputSize + ", " + hiddenSize + (batchFirst ? ", batchFirst=true" : "");
    }
}
