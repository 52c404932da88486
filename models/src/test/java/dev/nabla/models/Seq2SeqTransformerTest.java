package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The encoder-decoder transformer learns to reverse sequences of 6 random digits with teacher forcing; on 100
 * fresh sequences, greedy decoding and beam search (width 3) must both reproduce at least 90% exactly.
 */
class Seq2SeqTransformerTest {
    private static final int LEN = 6;
    private static final int BOS = 10;
    private static final int EOS = 11;

    @Test
    void learnsToReverseDigitSequences() {
        Rng rng = Rng.seeded(21);
        Seq2SeqTransformer model = new Seq2SeqTransformer(new Seq2SeqTransformer.Config(10, 12, 32, 4, 1, 1, 64, 0.0, 16), rng);
        Adam opt = new Adam(model.parameters(), 2e-3);
        for (int step = 0; step < 300; step++) trainStep(model, opt, rng, 48);
        Rng test = Rng.seeded(99);
        int n = 100;
        double[] src = new double[n * LEN];
        for (int i = 0; i < src.length; i++) src[i] = test.nextInt(10);
        int[][] greedy = model.greedyDecode(Tensor.fromArray(src, DType.INT64, n, LEN), BOS, EOS, LEN + 2);
        int greedyRight = 0;
        int beamRight = 0;
        for (int s = 0; s < n; s++) {
            int[] seq = new int[LEN];
            int[] want = new int[LEN + 1];
            for (int i = 0; i < LEN; i++) {
                seq[i] = (int) src[s * LEN + i];
                want[LEN - 1 - i] = seq[i];
            }
            want[LEN] = EOS;
            if (java.util.Arrays.equals(greedy[s], want)) greedyRight++;
            if (s < 40) {
                List<Seq2SeqTransformer.Hypothesis> beams = model.beamSearch(seq, 3, BOS, EOS, LEN + 2);
                if (java.util.Arrays.equals(beams.get(0).tokens(), want)) beamRight++;
                for (int i = 1; i < beams.size(); i++) assertTrue(beams.get(i).logProb() <= beams.get(0).logProb());
            }
        }
        System.out.printf(Locale.ROOT, "seq2seq reversal: greedy %d/100 exact, beam(3) %d/40 exact%n", greedyRight, beamRight);
        assertTrue(greedyRight >= 90, "greedy got " + greedyRight + "/100");
        assertTrue(beamRight >= 36, "beam search got " + beamRight + "/40");
    }

    /**
     * One teacher-forced step on a fresh batch of random digit sequences. (Kept out of the test method: HotSpot
     * 25.0.3's C2 crashed once OSR-compiling these loops inlined into the long test method.)
     */
    private static void trainStep(Seq2SeqTransformer model, Adam opt, Rng rng, int batch) {
        double[] src = new double[batch * LEN];
        double[] tin = new double[batch * (LEN + 1)];
        double[] tout = new double[batch * (LEN + 1)];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < LEN; i++) src[b * LEN + i] = rng.nextInt(10);
            tin[b * (LEN + 1)] = BOS;
            for (int i = 0; i < LEN; i++) {
                double d = src[b * LEN + LEN - 1 - i];
                tin[b * (LEN + 1) + i + 1] = d;
                tout[b * (LEN + 1) + i] = d;
            }
            tout[b * (LEN + 1) + LEN] = EOS;
        }
        opt.zeroGrad();
        Tensor logits = model.forward(Tensor.fromArray(src, DType.INT64, batch, LEN), Tensor.fromArray(tin, DType.INT64, batch, LEN + 1));
        Loss.crossEntropy(logits.reshape(-1, 12), Tensor.fromArray(tout, DType.INT64, batch * (LEN + 1))).backward();
        opt.step();
    }

    @Test
    void beamSearchOfWidthOneIsGreedy() {
        Seq2SeqTransformer model = new Seq2SeqTransformer(new Seq2SeqTransformer.Config(10, 12, 16, 2, 1, 1, 32, 0.0, 16), Rng.seeded(3));
        int[] src = {3, 1, 4, 1, 5};
        int[][] g = model.greedyDecode(Tensor.fromArray(new double[] {3, 1, 4, 1, 5}, DType.INT64, 1, 5), BOS, EOS, 7);
        List<Seq2SeqTransformer.Hypothesis> b = model.beamSearch(src, 1, BOS, EOS, 7);
        assertArrayEquals(g[0], b.get(0).tokens());
        assertEquals(1, b.size());
    }
}
