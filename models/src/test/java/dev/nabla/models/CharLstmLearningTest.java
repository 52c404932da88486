package dev.nabla.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.Grad;
import dev.nabla.loss.Loss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Clip;
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
 * The character LSTM trained briefly on real English text (the GPL-3 licence text as Debian ships it): its held-out
 * bits per character must come out well below the unigram entropy of the text (what a model without context
 * can do at best).
 */
class CharLstmLearningTest {
    private static final int SEQ = 64, BATCH = 32, STEPS = 150;

    @Test
    void heldOutBitsPerCharacterBeatTheUnigramEntropy() throws IOException {
        String text;
        try (InputStream in = CharLstmLearningTest.class.getResourceAsStream("/gpl-3.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TreeSet<Character> chars = new TreeSet<>();
        for (char ch : text.toCharArray()) chars.add(ch);
        Character[] alphabet = chars.toArray(new Character[0]);
        int vocab = alphabet.length;
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) ids[i] = java.util.Arrays.binarySearch(alphabet, text.charAt(i));
        int split = (int) (ids.length * 0.9);

        // the unigram entropy of the whole text, and the held-out cross entropy of the training split's character
        // frequencies (add-one smoothed): the best a model without context does
        double[] all = new double[vocab];
        for (int id : ids) all[id]++;
        double entropy = 0;
        for (double c : all) if (c > 0) entropy -= c / ids.length * log2(c / ids.length);
        double[] count = new double[vocab];
        for (int i = 0; i < split; i++) count[ids[i]]++;
        double unigram = 0;
        for (int i = split; i < ids.length; i++) unigram -= log2((count[ids[i]] + 1) / (split + vocab));
        unigram /= ids.length - split;

        Rng rng = Rng.seeded(42);
        CharLstm model = new CharLstm(vocab, 32, 128, 1, 0, rng);
        Adam opt = new Adam(model.parameters(), 5e-3);
        long t0 = System.nanoTime();
        for (int step = 0; step < STEPS; step++) {
            double[] x = new double[BATCH * SEQ];
            double[] y = new double[BATCH * SEQ];
            for (int b = 0; b < BATCH; b++) {
                int start = rng.nextInt(split - SEQ - 1);
                for (int t = 0; t < SEQ; t++) {
                    x[b * SEQ + t] = ids[start + t];
                    y[b * SEQ + t] = ids[start + t + 1];
                }
            }
            Tensor logits = model.forward(Tensor.wrap(x, DType.INT64, BATCH, SEQ));
            Tensor loss = Loss.crossEntropy(logits.reshape(BATCH * SEQ, vocab), Tensor.wrap(y, DType.INT64, BATCH * SEQ));
            opt.zeroGrad();
            loss.backward();
            Clip.clipGradNorm(model.parameters(), 5.0);
            opt.step();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        double bpc = heldOutBitsPerChar(model, ids, split, vocab);
        System.out.printf(Locale.ROOT, "char-lstm: %d steps in %.1f s, held-out %.3f bits/char; unigram entropy of the text %.3f, "
                + "held-out unigram cross entropy %.3f bits/char%n", STEPS, seconds, bpc, entropy, unigram);
        double bound = Math.min(entropy, unigram) - 1.0;
        assertTrue(bpc < bound, "held-out " + bpc + " bits/char is not 1 bit below the unigram entropy " + entropy
                + " and cross entropy " + unigram);

        int[] sample = model.sample(new int[] {ids[0], ids[1]}, 40, 0.8, Rng.seeded(1));
        assertEquals(40, sample.length);
        StringBuilder sb = new StringBuilder();
        for (int s : sample) sb.append(alphabet[s]);
        System.out.println("char-lstm sample: " + sb.toString().replace('\n', ' '));
    }

    /** Mean cross entropy in bits of predicting each held-out character from the ones before it (chunks of SEQ). */
    private static double heldOutBitsPerChar(CharLstm model, int[] ids, int split, int vocab) {
        model.eval();
        double total = 0;
        int n = 0;
        try (var g = Grad.off()) {
            for (int start = split; start + 1 < ids.length; start += SEQ) {
                int len = Math.min(SEQ, ids.length - 1 - start);
                double[] x = new double[len];
                double[] y = new double[len];
                for (int t = 0; t < len; t++) {
                    x[t] = ids[start + t];
                    y[t] = ids[start + t + 1];
                }
                Tensor logits = model.forward(Tensor.wrap(x, DType.INT64, 1, len)).reshape(len, vocab);
                total += Loss.crossEntropy(logits, Tensor.wrap(y, DType.INT64, len)).item() * len;
                n += len;
            }
        }
        return total / n / Math.log(2);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
