package dev.nabla.data;

/** Sample indices of a training part and a validation (held-out) part. */
public record Split(int[] train, int[] validation) {}
