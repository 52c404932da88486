package dev.nabla.models;

import dev.nabla.nn.Embedding;
import dev.nabla.nn.LSTM;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.RnnOptions;
import dev.nabla.nn.RnnOutput;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A bidirectional-LSTM text classifier: {@code embed} (Embedding, id 0 = padding) -> {@code lstm} (bidirectional,
 * batch-first, run with each row's length so padding is never read) -> the final hidden states of the last layer,
 * forward and backward, concatenated [B, 2H] -> {@code head} (Linear to the classes). Input: INT64 ids [B, T],
 * padded with 0 at the end; output: logits [B, classes].
 */
public final class BiLstmClassifier extends Module {
    public static final int PAD = 0;
    private final Embedding embed;
    private final LSTM lstm;
    private final Linear head;
    private final int layers;

    public BiLstmClassifier(int vocab, int embedDim, int hidden, int layers, int classes, Rng rng) {
        this.layers = layers;
        this.embed = child("embed", new Embedding(vocab, embedDim, PAD, 0, rng));
        this.lstm = child("lstm", new LSTM(embedDim, hidden, RnnOptions.defaults().numLayers(layers).batchFirst(true).bidirectional(true), rng));
        this.head = child("head", new Linear(2 * hidden, classes, rng));
    }

    /** Logits, with lengths taken from the padding (each row ends after its last non-zero id). */
    @Override
    public Tensor forward(Tensor ids) {
        return forward(ids, lengths(ids));
    }

    /** Logits of a padded batch whose row b holds lengths[b] tokens. */
    public Tensor forward(Tensor ids, int[] lengths) {
        RnnOutput r = lstm.run(embed.forward(ids), lengths);
        int last = 2 * (layers - 1);
        Tensor features = Tensor.cat(1, r.h().select(0, last), r.h().select(0, last + 1));
        return head.forward(features);
    }

    /** Row lengths of a [B, T] id batch padded with {@link #PAD} at the end. */
    public static int[] lengths(Tensor ids) {
        if (ids.rank() != 2) throw new IllegalArgumentException("BiLstmClassifier: ids " + ids.shape() + " must be [B, T]");
        int b = ids.dim(0);
        int t = ids.dim(1);
        int[] flat = ids.toIntArray();
        int[] len = new int[b];
        for (int i = 0; i < b; i++) {
            int n = t;
            while (n > 0 && flat[i * t + n - 1] == PAD) n--;
            len[i] = n;
        }
        return len;
    }
}
