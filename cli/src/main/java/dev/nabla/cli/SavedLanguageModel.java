package dev.nabla.cli;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.text.TextCorpus;
import dev.nabla.data.text.Tokenizer;
import dev.nabla.data.text.TokenizerFiles;
import dev.nabla.io.SafeTensors;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A language model written by {@code nabla train --data text...}: weights, spec in the metadata, tokenizer.json beside it. */
record SavedLanguageModel(LanguageModelSpec spec, Module net, Tokenizer tokenizer) {

    /** Whether a file read by {@link SavedModel#read} holds a language model. */
    static boolean is(SafeTensors.Contents contents) {
        return LanguageModelSpec.isLanguageModel(contents.metadata());
    }

    /** The language model in a file read by {@link SavedModel#read}, with the tokenizer.json beside it. */
    static SavedLanguageModel of(Path file, SafeTensors.Contents contents) {
        Map<String, String> meta = contents.metadata();
        LanguageModelSpec spec = LanguageModelSpec.fromMetadata(meta, file.toString());
        Path tok = file.resolveSibling("tokenizer.json");
        if (!Files.isRegularFile(tok)) throw new IllegalArgumentException(file + ": the tokenizer.json written beside it is missing (" + tok + ")");
        Tokenizer tokenizer = TokenizerFiles.load(tok);
        if (tokenizer.vocabSize() != spec.vocab()) {
            throw new IllegalArgumentException(tok + ": vocabulary of " + tokenizer.vocabSize() + " tokens, the model in " + file + " has " + spec.vocab());
        }
        Module net = spec.build(Rng.seeded(0));
        try {
            net.loadStateDict(contents.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        net.eval();
        return new SavedLanguageModel(spec, net, tokenizer);
    }

    /** Mean cross-entropy (nats per token) over the validation part of the text, in non-overlapping windows. */
    double evaluate(TextCorpus corpus, int batchSize) {
        double sum = 0;
        long tokens = 0;
        try (var g = Grad.off()) {
            int rows = Math.max(1, Math.min(batchSize, corpus.size(TextCorpus.Part.VALIDATION) / (spec.context() + 1)));
            for (Batch b : corpus.sequentialBatches(TextCorpus.Part.VALIDATION, rows, spec.context())) {
                var logits = net.forward(b.x());
                sum += Loss.crossEntropy(logits.reshape(-1, logits.dim(-1)), b.y().reshape(-1)).item() * b.y().numel();
                tokens += b.y().numel();
            }
        }
        return sum / tokens;
    }

    /** The prompt followed by {@code length} sampled tokens. */
    String complete(String prompt, int length, double temperature, Rng rng) {
        int[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) throw new IllegalArgumentException("the prompt is empty");
        int[] drawn = LanguageModelSpec.sample(net, ids, length, temperature, rng);
        return prompt + tokenizer.decode(drawn);
    }

    static String report(double nats, int tokens) {
        return String.format(Locale.ROOT, "{\"val_loss\": %.6f, \"val_bits_per_token\": %.6f, \"tokens\": %d}", nats, nats / Math.log(2), tokens);
    }
}
