package dev.nabla.nn;

/**
 * Settings of {@link RNN}, {@link LSTM} and {@link GRU}, with PyTorch's names and defaults
 * ({@code num_layers=1, bias=True, batch_first=False, dropout=0, bidirectional=False}), plus two that PyTorch lacks:
 * {@code recurrentDropout}, variational dropout on the hidden-to-hidden path (one mask per sequence and layer
 * direction, reused at every step, Gal and Ghahramani 2016; identity in eval), and {@code learnInitialState}, a
 * trainable initial state (parameters {@code h0}, and {@code c0} for LSTM, of shape [layers*dirs, 1, H], shared
 * by the batch) used when no initial state is passed. Use {@link #defaults()} and the withers.
 *
 * @param dropout dropout on the outputs of every layer except the last (as PyTorch)
 */
public record RnnOptions(int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional,
        double recurrentDropout, boolean learnInitialState) {
    public RnnOptions {
        if (numLayers < 1) throw new IllegalArgumentException("RnnOptions: numLayers must be >= 1, got " + numLayers);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("RnnOptions: dropout must be in [0, 1), got " + dropout);
        if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("RnnOptions: recurrentDropout must be in [0, 1), got " + recurrentDropout);
        }
    }

    public static RnnOptions defaults() {
        return new RnnOptions(1, true, false, 0, false, 0, false);
    }

    public RnnOptions numLayers(int n) {
        return new RnnOptions(n, bias, batchFirst, dropout, bidirectional, recurrentDropout, learnInitialState);
    }

    public RnnOptions bias(boolean b) {
        return new RnnOptions(numLayers, b, batchFirst, dropout, bidirectional, recurrentDropout, learnInitialState);
    }

    public RnnOptions batchFirst(boolean b) {
        return new RnnOptions(numLayers, bias, b, dropout, bidirectional, recurrentDropout, learnInitialState);
    }

    public RnnOptions dropout(double p) {
        return new RnnOptions(numLayers, bias, batchFirst, p, bidirectional, recurrentDropout, learnInitialState);
    }

    public RnnOptions bidirectional(boolean b) {
        return new RnnOptions(numLayers, bias, batchFirst, dropout, b, recurrentDropout, learnInitialState);
    }

    public RnnOptions recurrentDropout(double p) {
        return new RnnOptions(numLayers, bias, batchFirst, dropout, bidirectional, p, learnInitialState);
    }

    public RnnOptions learnInitialState(boolean b) {
        return new RnnOptions(numLayers, bias, batchFirst, dropout, bidirectional, recurrentDropout, b);
    }

    /** Number of directions: 2 if bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
