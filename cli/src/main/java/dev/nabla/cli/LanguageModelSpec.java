package dev.nabla.cli;

import dev.nabla.models.CharLstm;
import dev.nabla.models.GptLanguageModel;
import dev.nabla.models.LanguageModel;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What rebuilds a language model saved by {@code nabla train --data text...}: stored in the safetensors
 * metadata. {@code hidden} lists one size per layer, all the same: the LSTM hidden size of char-lstm, the model
 * width of gpt-small (with {@code heads} attention heads, a feed-forward 4 times as wide and a head tied to the
 * token embedding); {@code context} is the training window, also gpt-small's longest context.
 */
record LanguageModelSpec(String model, int vocab, int[] hidden, int heads, int context, double dropout) {
    static final Set<String> MODELS = Set.of("char-lstm", "gpt-small");
    static final String FORMAT = "nabla-lm/1";

    LanguageModelSpec {
        if (!MODELS.contains(model)) throw new IllegalArgumentException("unknown language model '" + model + "' (known: " + MODELS + ")");
        if (hidden.length == 0) throw new IllegalArgumentException(model + " needs at least one --hidden size");
        for (int h : hidden) {
            if (h != hidden[0] || h <= 0) throw new IllegalArgumentException(model + ": --hidden sizes must be positive and equal, got " + Arrays.toString(hidden));
        }
        if (vocab < 2 || context < 1) throw new IllegalArgumentException(model + ": vocabulary " + vocab + " and context " + context + " too small");
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        if (model.equals("gpt-small") && (heads < 1 || hidden[0] % heads != 0)) {
            throw new IllegalArgumentException("gpt-small: --heads " + heads + " must divide the width " + hidden[0]);
        }
    }

    /** The spec from command-line values; a null --hidden gives the model's default size. */
    static LanguageModelSpec of(String model, int vocab, String hidden, int heads, int context, double dropout) {
        int[] h = hidden != null ? ModelSpec.parseHidden(hidden) : model.equals("gpt-small") ? new int[] {128, 128} : new int[] {256};
        return new LanguageModelSpec(model, vocab, h, heads, context, dropout);
    }

    Module build(Rng rng) {
        return switch (model) {
            case "char-lstm" -> new CharLstm(vocab, Math.min(64, hidden[0]), hidden[0], hidden.length, dropout, rng);
            case "gpt-small" -> new GptLanguageModel(new GptLanguageModel.Config(vocab, context, hidden[0], heads, hidden.length,
                    4 * hidden[0], dropout, true), rng);
            default -> throw new IllegalStateException(model);
        };
    }

    /** {@code length} ids drawn after the prefix (temperature-scaled softmax sampling). */
    static int[] sample(Module net, int[] prefix, int length, double temperature, Rng rng) {
        return ((LanguageModel) net).sample(prefix, length, temperature, rng);
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", model);
        m.put("vocab", Integer.toString(vocab));
        m.put("hidden", Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        m.put("heads", Integer.toString(heads));
        m.put("context", Integer.toString(context));
        m.put("dropout", Double.toString(dropout));
        return m;
    }

    static boolean isLanguageModel(Map<String, String> meta) {
        return FORMAT.equals(meta.get("format"));
    }

    static LanguageModelSpec fromMetadata(Map<String, String> m, String file) {
        try {
            return new LanguageModelSpec(m.get("model"), Integer.parseInt(m.get("vocab")), ModelSpec.parseHidden(m.get("hidden")),
                    Integer.parseInt(m.getOrDefault("heads", "1")), Integer.parseInt(m.get("context")), Double.parseDouble(m.getOrDefault("dropout", "0")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": malformed language-model metadata: " + e.getMessage());
        }
    }
}
