package dev.nabla.nn;

import dev.nabla.tensor.Tensor;

/**
 * What a recurrent layer returns: the output [T, B, dirs*H] ([B, T, dirs*H] batch-first; zero at padded steps),
 * the final hidden states h [layers*dirs, B, H] and, for LSTM, the final cell states c (else null). For a cell,
 * output and h are both the new hidden state [B, H].
 */
public record RnnOutput(Tensor output, Tensor h, Tensor c) {}
