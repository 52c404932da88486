package dev.nabla.models;

import dev.nabla.tensor.Rng;

/** A next-token model over token ids (its forward maps INT64 ids [B, T] to logits [B, T, vocab]) that can sample. */
public interface LanguageModel {
    /**
     * Feeds {@code prefix}, then draws {@code length} tokens one at a time from softmax(logits / temperature),
     * each fed back in; returns the drawn tokens only (the prefix not included).
     */
    int[] sample(int[] prefix, int length, double temperature, Rng rng);
}
