package dev.nabla.models;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.RnnOptions;
import dev.nabla.nn.RnnOutput;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A character-level LSTM language model (Karpathy's char-rnn): {@code embed} (Embedding) -> {@code lstm} (LSTM,
 * batch-first) -> {@code head} (Linear to the vocabulary). Input: INT64 ids [B, T]; output: next-character logits
 * [B, T, V].
 */
public final class CharLstm extends Module implements LanguageModel {
    private final int vocab;
    private final Embedding embed;
    private final LSTM lstm;
    private final Linear head;

    public CharLstm(int vocab, int embedDim, int hidden, int layers, double dropout, Rng rng) {
        this.vocab = vocab;
        this.embed = child("embed", new Embedding(vocab, embedDim, rng));
        this.lstm = child("lstm", new LSTM(embedDim, hidden,
                RnnOptions.defaults().numLayers(layers).batchFirst(true).dropout(layers > 1 ? dropout : 0), rng));
        this.head = child("head", new Linear(hidden, vocab, rng));
    }

    public int vocab() {
        return vocab;
    }

    @Override
    public Tensor forward(Tensor ids) {
        return head.forward(lstm.forward(embed.forward(ids)));
    }

    /** Logits [B, T, V] and the final LSTM states, continuing from h and c (null: zeros). */
    public RnnOutput step(Tensor ids, Tensor h, Tensor c) {
        RnnOutput r = lstm.run(embed.forward(ids), null, h, c);
        return new RnnOutput(head.forward(r.output()), r.h(), r.c());
    }

    /**
     * Feeds the prefix, then draws {@code length} characters one at a time from softmax(logits / temperature)
     * (temperature > 0; lower is greedier), each fed back in. Runs without recording gradients and in eval mode
     * (the model's training mode is restored afterwards). Returns the drawn ids (the prefix not included).
     */
    @Override
    public int[] sample(int[] prefix, int length, double temperature, Rng rng) {
        if (prefix.length == 0) throw new IllegalArgumentException("CharLstm.sample: the prefix must hold at least one id");
        if (!(temperature > 0)) throw new IllegalArgumentException("CharLstm.sample: temperature must be > 0, got " + temperature);
        for (int id : prefix) {
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("CharLstm.sample: id " + id + " outside the vocabulary of " + vocab);
        }
        boolean wasTraining = isTraining();
        eval();
        int[] out = new int[length];
        try (var g = Grad.off()) {
            RnnOutput r = step(ids(prefix), null, null);
            for (int i = 0; i < length; i++) {
                Tensor last = r.output().select(1, r.output().dim(1) - 1); // [1, V]
                Tensor probs = last.div(temperature).softmax(1);
                out[i] = (int) probs.multinomial(1, false, rng).item();
                r = step(ids(new int[] {out[i]}), r.h(), r.c());
            }
        } finally {
            if (wasTraining) train();
        }
        return out;
    }

    private static Tensor ids(int[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return Tensor.wrap(d, DType.INT64, 1, values.length);
    }
}
