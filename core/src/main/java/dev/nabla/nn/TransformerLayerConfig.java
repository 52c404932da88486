package dev.nabla.nn;

import java.util.Locale;

/**
 * The settings of a transformer encoder or decoder layer, with PyTorch's defaults: dim_feedforward 2048,
 * dropout 0.1, activation relu, layer_norm_eps 1e-5, batch_first false, norm_first false (post-norm).
 * The activation is "relu", "gelu" or any name {@link Activation#of} knows.
 */
public record TransformerLayerConfig(int dimFeedforward, double dropout, String activation, double layerNormEps,
        boolean batchFirst, boolean normFirst) {

    public TransformerLayerConfig {
        if (dimFeedforward <= 0 || !(dropout >= 0 && dropout < 1) || !(layerNormEps > 0)) {
            throw new IllegalArgumentException("TransformerLayerConfig: dim_feedforward " + dimFeedforward + " must be positive, dropout "
                    + dropout + " in [0, 1), layer_norm_eps " + layerNormEps + " > 0");
        }
        activation = activation.toLowerCase(Locale.ROOT);
        Activation.of(activation); // fails early on an unknown name
    }

    public static TransformerLayerConfig defaults() {
        return new TransformerLayerConfig(2048, 0.1, "relu", 1e-5, false, false);
    }

    public TransformerLayerConfig withDimFeedforward(int v) {
        return new TransformerLayerConfig(v, dropout, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerLayerConfig withDropout(double v) {
        return new TransformerLayerConfig(dimFeedforward, v, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerLayerConfig withActivation(String v) {
        return new TransformerLayerConfig(dimFeedforward, dropout, v, layerNormEps, batchFirst, normFirst);
    }

    public TransformerLayerConfig withLayerNormEps(double v) {
        return new TransformerLayerConfig(dimFeedforward, dropout, activation, v, batchFirst, normFirst);
    }

    public TransformerLayerConfig withBatchFirst(boolean v) {
        return new TransformerLayerConfig(dimFeedforward, dropout, activation, layerNormEps, v, normFirst);
    }

    public TransformerLayerConfig withNormFirst(boolean v) {
        return new TransformerLayerConfig(dimFeedforward, dropout, activation, layerNormEps, batchFirst, v);
    }
}
