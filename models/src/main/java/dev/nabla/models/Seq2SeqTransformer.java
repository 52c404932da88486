package dev.nabla.models;

import dev.nabla.autograd.Grad;
import dev.nabla.nn.Embedding;
import dev.nabla.nn.Init;
import dev.nabla.nn.Linear;
import dev.nabla.nn.Module;
import dev.nabla.nn.PositionalEncoding;
import dev.nabla.nn.Transformer;
import dev.nabla.nn.TransformerLayerConfig;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An encoder-decoder sequence-to-sequence model with attention (Vaswani et al. 2017, as PyTorch's translation
 * tutorial): source and target embeddings {@code src_emb}, {@code tgt_emb} (drawn N(0, 1/d_model)) scaled by
 * sqrt(d_model) plus sinusoidal positions, a {@link Transformer} {@code transformer} (batch first) whose decoder attends to the encoded source,
 * and a linear {@code generator} to target-vocabulary logits.
 *
 * <p>Training uses teacher forcing: {@link #forward(Tensor, Tensor)} takes the target shifted right (BOS first) and
 * returns logits for every position at once under the causal mask. Decoding is autoregressive:
 * {@link #greedyDecode} takes the most likely token each step, {@link #beamSearch} keeps the {@code beamWidth}
 * best partial sequences by total log-probability.
 */
public final class Seq2SeqTransformer extends Module {
    /** The model's sizes and special tokens. */
    public record Config(int srcVocab, int tgtVocab, int dModel, int numHeads, int encoderLayers, int decoderLayers,
            int dimFeedforward, double dropout, int maxLen) {}

    private final Config config;
    private final Embedding srcEmb;
    private final Embedding tgtEmb;
    private final PositionalEncoding positions;
    private final Transformer transformer;
    private final Linear generator;
    private final double embScale;

    public Seq2SeqTransformer(Config c, Rng rng) {
        this.config = c;
        srcEmb = child("src_emb", new Embedding(c.srcVocab(), c.dModel(), rng));
        tgtEmb = child("tgt_emb", new Embedding(c.tgtVocab(), c.dModel(), rng));
        positions = child("positions", new PositionalEncoding(c.dModel(), c.maxLen(), c.dropout(), true, rng));
        TransformerLayerConfig layer = TransformerLayerConfig.defaults().withDimFeedforward(c.dimFeedforward())
                .withDropout(c.dropout()).withBatchFirst(true);
        transformer = child("transformer", new Transformer(c.dModel(), c.numHeads(), c.encoderLayers(), c.decoderLayers(), layer, rng));
        generator = child("generator", new Linear(c.dModel(), c.tgtVocab(), rng));
        embScale = Math.sqrt(c.dModel());
        try (var g = Grad.off()) {
            // N(0, 1/d) so that the sqrt(d)-scaled embeddings are N(0, 1), the positions' own scale (as fairseq)
            Init.normal(srcEmb.weight(), rng, 0, 1 / embScale);
            Init.normal(tgtEmb.weight(), rng, 0, 1 / embScale);
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("Seq2SeqTransformer: forward needs a source and a shifted target: forward(src, tgtIn)");
    }

    /** Teacher forcing: logits [N, T, tgtVocab] for source ids [N, S] and the target shifted right [N, T]. */
    public Tensor forward(Tensor src, Tensor tgtIn) {
        return decode(encode(src), tgtIn);
    }

    /** The encoder's memory [N, S, d_model]. */
    public Tensor encode(Tensor src) {
        check("source", src);
        return transformer.encoder().forward(positions.forward(srcEmb.forward(src).mul(embScale)));
    }

    /** Logits [N, T, tgtVocab] for a target prefix [N, T] against the memory [N, S, d_model]. */
    public Tensor decode(Tensor memory, Tensor tgtIn) {
        check("target", tgtIn);
        Tensor y = positions.forward(tgtEmb.forward(tgtIn).mul(embScale));
        Tensor mask = Transformer.generateSquareSubsequentMask(tgtIn.dim(1));
        return generator.forward(transformer.decoder().forward(y, memory, mask, null, null, null, false));
    }

    private void check(String what, Tensor ids) {
        if (ids.rank() != 2 || ids.dtype().isFloating() || ids.dim(1) > config.maxLen()) {
            throw new IllegalArgumentException("Seq2SeqTransformer: " + what + " " + ids.shape() + " (" + ids.dtype()
                    + ") must be INT64 [N, L] with L <= " + config.maxLen());
        }
    }

    /** Greedy decoding of a batch of sources [N, S]: up to maxSteps tokens after BOS, each row stopping at EOS. */
    public int[][] greedyDecode(Tensor src, int bos, int eos, int maxSteps) {
        boolean was = isTraining();
        eval();
        try (var g = Grad.off()) {
            Tensor memory = encode(src);
            int n = src.dim(0);
            int[][] tokens = new int[n][maxSteps + 1];
            boolean[] done = new boolean[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) tokens[i][0] = bos;
            for (int t = 1; t <= maxSteps; t++) {
                Tensor logits = decode(memory, ids(tokens, t)).select(1, t - 1);
                int[] next = logits.argmax(1, false).toIntArray();
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    if (done[i]) continue;
                    tokens[i][t] = next[i];
                    lengths[i] = t;
                    if (next[i] == eos) done[i] = true;
                    all &= done[i];
                }
                if (all) break;
            }
            int[][] out = new int[n][];
            for (int i = 0; i < n; i++) out[i] = java.util.Arrays.copyOfRange(tokens[i], 1, lengths[i] + 1);
            return out;
        } finally {
            if (was) train();
        }
    }

    /** A finished or partial hypothesis of beam search: its tokens after BOS and total log-probability. */
    public record Hypothesis(int[] tokens, double logProb) {}

    /**
     * Beam search for one source [S] (ids): keeps the beamWidth best prefixes by total log-probability; a prefix
     * ending in EOS is finished. Stops when the best beamWidth hypotheses are all finished or after maxSteps tokens.
     * Returns the finished hypotheses (or the best partial ones) best first.
     */
    public List<Hypothesis> beamSearch(int[] src, int beamWidth, int bos, int eos, int maxSteps) {
        if (beamWidth <= 0) throw new IllegalArgumentException("beamSearch: beam width must be positive, got " + beamWidth);
        boolean was = isTraining();
        eval();
        try (var g = Grad.off()) {
            double[] s = new double[src.length];
            for (int i = 0; i < s.length; i++) s[i] = src[i];
            Tensor memory = encode(Tensor.fromArray(s, DType.INT64, 1, s.length));
            List<Hypothesis> beams = List.of(new Hypothesis(new int[0], 0));
            List<Hypothesis> finished = new ArrayList<>();
            for (int t = 1; t <= maxSteps && !beams.isEmpty(); t++) {
                int b = beams.size();
                int[][] prefixes = new int[b][t];
                for (int i = 0; i < b; i++) {
                    prefixes[i][0] = bos;
                    System.arraycopy(beams.get(i).tokens(), 0, prefixes[i], 1, t - 1);
                }
                Tensor mem = memory.expand(b, memory.dim(1), memory.dim(2));
                Tensor logp = decode(mem, ids(prefixes, t)).select(1, t - 1).logSoftmax(1);
                double[] lp = logp.toDoubleArray();
                int v = logp.dim(1);
                List<Hypothesis> candidates = new ArrayList<>();
                for (int i = 0; i < b; i++) {
                    for (int tok = 0; tok < v; tok++) {
                        int[] seq = java.util.Arrays.copyOf(beams.get(i).tokens(), t);
                        seq[t - 1] = tok;
                        candidates.add(new Hypothesis(seq, beams.get(i).logProb() + lp[i * v + tok]));
                    }
                }
                candidates.sort(Comparator.comparingDouble(h -> -h.logProb()));
                List<Hypothesis> next = new ArrayList<>();
                for (Hypothesis h : candidates) {
                    if (next.size() + countBetter(finished, h) >= beamWidth) break;
                    if (h.tokens()[t - 1] == eos) finished.add(h);
                    else next.add(h);
                }
                beams = next;
            }
            List<Hypothesis> out = new ArrayList<>(finished.isEmpty() ? beams : finished);
            out.sort(Comparator.comparingDouble(h -> -h.logProb()));
            return out;
        } finally {
            if (was) train();
        }
    }

    /** Finished hypotheses scoring at least h's (they hold a place among the best beamWidth). */
    private static int countBetter(List<Hypothesis> finished, Hypothesis h) {
        int c = 0;
        for (Hypothesis f : finished) if (f.logProb() >= h.logProb()) c++;
        return c;
    }

    private static Tensor ids(int[][] rows, int len) {
        double[] d = new double[rows.length * len];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < len; j++) d[i * len + j] = rows[i][j];
        return Tensor.fromArray(d, DType.INT64, rows.length, len);
    }
}
