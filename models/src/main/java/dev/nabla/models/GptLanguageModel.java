package dev.nabla.models;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Init;
import dev.nabla.nn.LayerNorm;
import dev.nabla.nn.LearnedPositionalEmbedding;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.ModuleList;
import dev.nabla.nn.TransformerEncoderLayer;
import dev.nabla.nn.TransformerLayerConfig;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;

/**
 * A small GPT-style decoder-only language model: token embedding {@code tok_emb} plus learned positions
 * {@code pos_emb}, {@code blocks.N} pre-norm transformer blocks with causal self-attention (GELU feed-forward),
 * a final layer norm {@code ln_f} and a linear head to the vocabulary, either its own {@code head} or tied to the
 * token embedding (GPT-2's choice). Embeddings start N(0, 0.02) as GPT-2's. Input token ids [N, T] (INT64), output
 * logits [N, T, vocab]; position t sees tokens up to t only.
 */
public final class GptLanguageModel extends Module implements LanguageModel {
    /** The model's sizes. */
    public record Config(int vocabSize, int contextLength, int dModel, int numHeads, int numLayers, int dimFeedforward,
            double dropout, boolean tiedHead) {
        public Config {
            if (vocabSize <= 0 || contextLength <= 0 || dModel <= 0 || numHeads <= 0 || numLayers <= 0 || dimFeedforward <= 0) {
                throw new IllegalArgumentException("GptLanguageModel.Config: sizes must be positive: " + this);
            }
        }
    }

    private final Config config;
    private final Embedding tokEmb;
    private final LearnedPositionalEmbedding posEmb;
    private final ModuleList blocks;
    private final LayerNorm lnF;
    private final Linear head;

    public GptLanguageModel(Config config, Rng rng) {
        this.config = config;
        tokEmb = child("tok_emb", new Embedding(config.vocabSize(), config.dModel(), rng));
        try (var g = Grad.off()) {
            Init.normal(tokEmb.weight(), rng, 0, 0.02);
        }
        posEmb = child("pos_emb", new LearnedPositionalEmbedding(config.contextLength(), config.dModel(), true, rng));
        TransformerLayerConfig layer = TransformerLayerConfig.defaults().withDimFeedforward(config.dimFeedforward())
                .withDropout(config.dropout()).withActivation("gelu").withBatchFirst(true).withNormFirst(true);
        blocks = child("blocks", new ModuleList());
        for (int i = 0; i < config.numLayers(); i++) blocks.add(new TransformerEncoderLayer(config.dModel(), config.numHeads(), layer, rng));
        lnF = child("ln_f", new LayerNorm(config.dModel()));
        head = config.tiedHead() ? null : child("head", new Linear(config.dModel(), config.vocabSize(), false, rng));
    }

    public Config config() {
        return config;
    }

    /** Logits [N, T, vocab] for token ids [N, T] with T <= the context length. */
    @Override
    public Tensor forward(Tensor tokens) {
        if (tokens.rank() != 2 || tokens.dim(1) > config.contextLength() || tokens.dtype().isFloating()) {
            throw new IllegalArgumentException("GptLanguageModel: tokens " + tokens.shape() + " (" + tokens.dtype()
                    + ") must be INT64 [N, T] with T <= " + config.contextLength());
        }
        Tensor x = posEmb.forward(tokEmb.forward(tokens));
        for (Module b : blocks) x = ((TransformerEncoderLayer) b).forward(x, null, null, true);
        x = lnF.forward(x);
        return head == null ? Tensor.linear(x, tokEmb.weight(), null) : head.forward(x);
    }

    /**
     * Continues {@code prefix} by n tokens, sampling each from softmax(logits / temperature) with rng (temperature
     * 0: the most likely token), seeing at most the last contextLength tokens. Returns prefix and continuation.
     */
    public int[] generate(int[] prefix, int n, double temperature, Rng rng) {
        if (prefix.length == 0) throw new IllegalArgumentException("generate: the prefix must hold at least one token");
        if (!(temperature >= 0)) throw new IllegalArgumentException("generate: temperature must be >= 0, got " + temperature);
        int[] out = java.util.Arrays.copyOf(prefix, prefix.length + n);
        boolean was = isTraining();
        eval();
        try (var g = Grad.off()) {
            for (int i = prefix.length; i < out.length; i++) {
                int start = Math.max(0, i - config.contextLength());
                double[] ctx = new double[i - start];
                for (int j = start; j < i; j++) ctx[j - start] = out[j];
                Tensor logits = forward(Tensor.fromArray(ctx, DType.INT64, 1, ctx.length)).select(1, ctx.length - 1).select(0, 0);
                out[i] = temperature == 0 ? (int) logits.argmax().item()
                        : (int) logits.div(temperature).softmax(0).multinomial(1, false, rng).item();
            }
        } finally {
            if (was) train();
        }
        return out;
    }

    /** The continuation of {@link #generate} without the prefix. */
    @Override
    public int[] sample(int[] prefix, int length, double temperature, Rng rng) {
        return java.util.Arrays.copyOfRange(generate(prefix, length, temperature, rng), prefix.length, prefix.length + length);
    }

    @Override
    protected String describe() {
        return config.toString();
    }
}
