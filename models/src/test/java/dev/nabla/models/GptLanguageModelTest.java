package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A character-level GPT trained briefly on the GNU GPL v3 (Debian's /usr/share/common-licenses/GPL-3, a real
 * English text of about 35,000 characters): the last 10% is held out, and the model's held-out cross-entropy must
 * beat the unigram baseline's (character frequencies of the training part, add-one smoothed) by at least
 * 0.5 nats per character (seed 7 gives 2.84 against 3.50).
 */
class GptLanguageModelTest {
    static String text() throws IOException {
        try (InputStream in = GptLanguageModelTest.class.getResourceAsStream("/gpl-3-attn.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void beatsTheUnigramBaselineOnHeldOutText() throws IOException {
        String text = text();
        TreeSet<Character> chars = new TreeSet<>();
        for (char c : text.toCharArray()) chars.add(c);
        Character[] vocab = chars.toArray(new Character[0]);
        int v = vocab.length;
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) ids[i] = java.util.Arrays.binarySearch(vocab, text.charAt(i));
        int split = ids.length * 9 / 10;
        int[] train = java.util.Arrays.copyOfRange(ids, 0, split);
        int[] held = java.util.Arrays.copyOfRange(ids, split, ids.length);

        double[] counts = new double[v];
        java.util.Arrays.fill(counts, 1);
        for (int t : train) counts[t]++;
        double total = train.length + v;
        double unigram = 0;
        for (int t : held) unigram -= Math.log(counts[t] / total);
        unigram /= held.length;

        int ctx = 48;
        int batch = 16;
        Rng rng = Rng.seeded(7);
        GptLanguageModel model = new GptLanguageModel(new GptLanguageModel.Config(v, ctx, 48, 4, 2, 192, 0.0, true), rng);
        Adam opt = new Adam(model.parameters(), 5e-3);
        for (int step = 0; step < 200; step++) trainStep(model, opt, train, rng, batch, ctx, v);
        double heldOut = heldOutCrossEntropy(model, held, ctx, v);
        System.out.printf(Locale.ROOT, "GPT char LM on GPL-3: held-out cross-entropy %.3f nats/char, unigram baseline %.3f%n", heldOut, unigram);
        assertTrue(heldOut < unigram - 0.5, "held-out " + heldOut + " vs unigram " + unigram);

        int[] prefix = {ids[0], ids[1], ids[2]};
        int[] a = model.generate(prefix, 20, 0.8, Rng.seeded(1));
        int[] b = model.generate(prefix, 20, 0.8, Rng.seeded(1));
        assertArrayEquals(a, b, "sampling is seeded");
        assertEquals(23, a.length);
        assertArrayEquals(prefix, java.util.Arrays.copyOf(a, 3));
        int[] greedy = model.generate(prefix, 5, 0, null);
        assertEquals(8, greedy.length);
    }

    /** One step on a batch of random training windows (kept out of the test method, whose loops C2 then need not OSR-compile). */
    private static void trainStep(GptLanguageModel model, Adam opt, int[] train, Rng rng, int batch, int ctx, int v) {
        double[] x = new double[batch * ctx];
        double[] y = new double[batch * ctx];
        for (int b = 0; b < batch; b++) {
            int start = rng.nextInt(train.length - ctx - 1);
            for (int t = 0; t < ctx; t++) {
                x[b * ctx + t] = train[start + t];
                y[b * ctx + t] = train[start + t + 1];
            }
        }
        opt.zeroGrad();
        Tensor logits = model.forward(Tensor.fromArray(x, DType.INT64, batch, ctx));
        Loss.crossEntropy(logits.reshape(-1, v), Tensor.fromArray(y, DType.INT64, batch * ctx)).backward();
        opt.step();
    }

    /** Mean cross-entropy of predicting each held-out character from up to ctx preceding ones (non-overlapping windows). */
    static double heldOutCrossEntropy(GptLanguageModel model, int[] held, int ctx, int v) {
        model.eval();
        double sum = 0;
        int n = 0;
        try (var g = Grad.off()) {
            for (int start = 0; start + 1 < held.length; start += ctx) {
                int len = Math.min(ctx, held.length - 1 - start);
                double[] x = new double[len];
                double[] y = new double[len];
                for (int t = 0; t < len; t++) {
                    x[t] = held[start + t];
                    y[t] = held[start + t + 1];
                }
                Tensor logits = model.forward(Tensor.fromArray(x, DType.INT64, 1, len)).reshape(len, v);
                sum += Loss.crossEntropy(logits, Tensor.fromArray(y, DType.INT64, len)).item() * len;
                n += len;
            }
        }
        model.train();
        return sum / n;
    }

    @Test
    void positionsOnlySeeThePast() {
        GptLanguageModel m = new GptLanguageModel(new GptLanguageModel.Config(11, 8, 16, 2, 1, 32, 0.0, false), Rng.seeded(2));
        Tensor a = Tensor.fromArray(new double[] {1, 2, 3, 4, 5, 6}, DType.INT64, 1, 6);
        Tensor b = Tensor.fromArray(new double[] {1, 2, 3, 9, 9, 9}, DType.INT64, 1, 6);
        try (var g = Grad.off()) {
            Tensor la = m.forward(a).narrow(1, 0, 3);
            Tensor lb = m.forward(b).narrow(1, 0, 3);
            assertEquals(0, la.sub(lb).abs().max().item(), 1e-6);
        }
        assertTrue(m.stateDict().containsKey("head.weight"));
        assertTrue(m.stateDict().containsKey("blocks.0.self_attn.in_proj_weight"));
    }
}
