package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metric values against hand-computed numbers and the formulas scikit-learn uses (expected values
 * computed with numpy from the definitions; see the comments).
 */
class MetricsTest {
    private static final double EPS = 1e-12;

    static Tensor labels(int... v) {
        return Tensor.indices(v);
    }

    static Tensor floats(int rows, int cols, double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.wrap(f, rows, cols);
    }

    /** 8 samples, 3 classes; row 2 is a three-way tie (argmax takes the first). */
    static final Tensor LOGITS = floats(8, 3,
            2.0, 0.5, -1.0,
            0.1, 0.2, 3.0,
            1.0, 1.0, 1.0,
            -2.0, 2.5, 0.0,
            0.3, -0.4, 0.2,
            1.5, 0.1, 0.3,
            0.0, 1.0, -1.0,
            0.5, 0.4, 0.6);
    static final Tensor LOGIT_TARGETS = labels(0, 2, 1, 1, 2, 0, 2, 0);

    static double run(Metric m, Tensor out, Tensor target) {
        m.reset();
        m.update(out, target);
        return m.compute();
    }

    @Test
    void accuracyFromLogitsLabelsAndBinaryScores() {
        assertEquals(0.5, run(Metric.accuracy(), LOGITS, LOGIT_TARGETS), EPS); // rows 0, 1, 3, 5 right
        assertEquals(0.75, run(Metric.accuracy(), labels(1, 0, 2, 2), labels(1, 0, 2, 1)), EPS);
        // probabilities (all in [0, 1]): class 1 above 0.5; logits: above 0; float targets 0/1 as for BCE
        Tensor probs = Tensor.of(0.9f, 0.2f, 0.6f, 0.4f);
        Tensor logits = Tensor.of(2f, -1f, 0.3f, -0.2f);
        Tensor y = Tensor.of(1f, 0f, 0f, 0f);
        assertEquals(0.75, run(Metric.accuracy(), probs, y), EPS);
        assertEquals(0.75, run(Metric.accuracy(), logits, y), EPS);
        assertEquals(0.75, run(Metric.accuracy(), logits.reshape(4, 1), y), EPS);
        assertTrue(Double.isNaN(Metric.accuracy().compute()), "nothing seen: NaN");
    }

    @Test
    void streamingEqualsOneBatch() {
        Metric whole = Metric.accuracy();
        whole.update(LOGITS, LOGIT_TARGETS);
        Metric parts = Metric.accuracy();
        parts.update(LOGITS.narrow(0, 0, 3), LOGIT_TARGETS.narrow(0, 0, 3));
        parts.update(LOGITS.narrow(0, 3, 5), LOGIT_TARGETS.narrow(0, 3, 5));
        assertEquals(whole.compute(), parts.compute(), EPS);
        Metric auc = Metric.rocAuc();
        auc.update(LOGITS.narrow(0, 0, 4), LOGIT_TARGETS.narrow(0, 0, 4));
        auc.update(LOGITS.narrow(0, 4, 4), LOGIT_TARGETS.narrow(0, 4, 4));
        assertEquals(0.861111111111111, auc.compute(), 1e-12);
    }

    @Test
    void topKAccuracy() {
        // top-2 misses only row 6 (target 2 scores lowest); ties count for the target (row 2)
        assertEquals(0.875, run(Metric.topKAccuracy(2), LOGITS, LOGIT_TARGETS), EPS);
        // top-1 differs from accuracy only on the tie of row 2, which counts for the target here
        assertEquals(0.625, run(Metric.topKAccuracy(1), LOGITS, LOGIT_TARGETS), EPS);
        assertEquals(1.0, run(Metric.topKAccuracy(3), LOGITS, LOGIT_TARGETS), EPS);
        assertEquals("top2_accuracy", Metric.topKAccuracy(2).name());
        assertThrows(IllegalArgumentException.class, () -> Metric.topKAccuracy(0));
    }

    // y_true = [0,1,2,2,0,1,1,2,0,2], y_pred = [0,2,2,2,0,0,1,1,0,2]
    static final int[] YT = {0, 1, 2, 2, 0, 1, 1, 2, 0, 2};
    static final int[] YP = {0, 2, 2, 2, 0, 0, 1, 1, 0, 2};

    @Test
    void confusionMatrixAndPerClassScores() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(YP, YT);
        assertArrayEquals(new long[] {3, 0, 0}, cm.matrix()[0]);
        assertArrayEquals(new long[] {1, 1, 1}, cm.matrix()[1]);
        assertArrayEquals(new long[] {0, 1, 3}, cm.matrix()[2]);
        assertEquals(10, cm.total());
        assertEquals(0.7, cm.accuracy(), EPS);
        assertArrayEquals(new double[] {0.75, 0.5, 0.75}, cm.precision(), EPS);
        assertArrayEquals(new double[] {1.0, 1.0 / 3, 0.75}, cm.recall(), EPS);
        assertArrayEquals(new double[] {6.0 / 7, 0.4, 0.75}, cm.f1(), EPS);
        String table = cm.toString();
        assertTrue(table.contains("3 classes, 10 samples"), table);
        assertTrue(table.lines().anyMatch(l -> l.trim().startsWith("1") && l.contains("1   1   1")), table);
        assertThrows(IllegalArgumentException.class, () -> cm.update(new int[] {3}, new int[] {0}));
    }

    @Test
    void averagedPrecisionRecallF1() {
        // sklearn precision/recall/f1_score(YT, YP, average=...)
        ConfusionMatrix cm = new ConfusionMatrix();
        cm.update(YP, YT);
        var P = ConfusionMatrix.Score.PRECISION;
        var R = ConfusionMatrix.Score.RECALL;
        var F = ConfusionMatrix.Score.F1;
        assertEquals(2.0 / 3, cm.score(P, Average.MACRO), EPS);
        assertEquals(25.0 / 36, cm.score(R, Average.MACRO), EPS);
        assertEquals(0.669047619047619, cm.score(F, Average.MACRO), 1e-15);
        assertEquals(0.675, cm.score(P, Average.WEIGHTED), EPS);
        assertEquals(0.7, cm.score(R, Average.WEIGHTED), EPS);
        assertEquals(0.6771428571428572, cm.score(F, Average.WEIGHTED), 1e-15);
        for (var s : List.of(P, R, F)) assertEquals(0.7, cm.score(s, Average.MICRO), EPS);

        // as a streamed Metric from one-hot targets and label outputs, over two batches
        Metric f1 = Metric.f1(Average.MACRO);
        Tensor pred = Tensor.indices(YP);
        Tensor target = Tensor.indices(YT).oneHot(3);
        f1.update(pred.narrow(0, 0, 6), target.narrow(0, 0, 6));
        f1.update(pred.narrow(0, 6, 4), target.narrow(0, 6, 4));
        assertEquals("f1_macro", f1.name());
        assertEquals(0.669047619047619, f1.compute(), 1e-15);

        Metric perClass = Metric.recall(Average.NONE);
        perClass.update(pred, Tensor.indices(YT));
        Map<String, Double> v = perClass.values();
        assertEquals(List.of("recall_0", "recall_1", "recall_2"), List.copyOf(v.keySet()));
        assertEquals(1.0 / 3, v.get("recall_1"), EPS);
        assertThrows(IllegalStateException.class, perClass::compute);
    }

    @Test
    void macroSkipsAbsentClassesAndBinaryTakesClassOne() {
        // class 2 exists in the matrix but in neither targets nor predictions: left out, as sklearn
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.update(new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0});
        // precision: class 0 = 2/2, class 1 = 1/2; recall: class 0 = 2/3, class 1 = 1/1
        assertEquals(0.75, cm.score(ConfusionMatrix.Score.PRECISION, Average.MACRO), EPS);
        assertEquals(0.5, cm.score(ConfusionMatrix.Score.PRECISION, Average.BINARY), EPS);
        assertEquals(1.0, cm.score(ConfusionMatrix.Score.RECALL, Average.BINARY), EPS);
        // zero_division = 0: a class never predicted has precision 0
        ConfusionMatrix never = new ConfusionMatrix();
        never.update(new int[] {0, 0}, new int[] {0, 1});
        assertArrayEquals(new double[] {0.5, 0.0}, never.precision(), EPS);
    }

    @Test
    void binaryRocAucWithTies() {
        // scikit-learn's documented example: 0.75
        assertEquals(0.75, RocAuc.binary(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), EPS);
        // three samples tie at 0.4 (one positive, two negatives): pair counting with 1/2 per tie gives 13/16
        Tensor s = Tensor.of(0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.4f, 0.9f, 0.2f);
        Tensor y = labels(0, 0, 1, 1, 0, 1, 1, 0);
        assertEquals(0.8125, run(Metric.rocAuc(), s, y), 1e-7);
        // logits give the same ranks as probabilities; [N, 2] outputs use column 1 (or the logit difference)
        Tensor two = Tensor.stack(1, s.rsub(1), s);
        assertEquals(0.8125, run(Metric.rocAuc(), two, y), 1e-7);
        assertEquals(0.8125, run(Metric.rocAuc(), two.mul(7).sub(3), y), 1e-7);
        assertTrue(Double.isNaN(run(Metric.rocAuc(), s, labels(1, 1, 1, 1, 1, 1, 1, 1))), "one class only: NaN");
        assertEquals(1.0, RocAuc.binary(new double[] {1, 2, 3}, new boolean[] {false, true, true}), EPS);
        assertEquals(0.5, RocAuc.binary(new double[] {2, 2, 2}, new boolean[] {false, true, true}), EPS);
    }

    @Test
    void multiclassRocAucOneVsRestOnSoftmax() {
        // per class AUC of the softmax columns: 13/15, 11/12, 4/5; macro mean 0.86111...
        assertEquals(0.861111111111111, run(Metric.rocAuc(), LOGITS, LOGIT_TARGETS), 1e-12);
        Tensor probs = LOGITS.softmax(1);
        assertEquals(0.861111111111111, run(Metric.rocAuc(), probs, LOGIT_TARGETS), 1e-6);
    }

    @Test
    void regressionMetricsMatchScikitLearnExamples() {
        // r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.948608..., MSE 0.375, MAE 0.5
        Tensor yTrue = Tensor.of(3f, -0.5f, 2f, 7f);
        Tensor yPred = Tensor.of(2.5f, 0f, 2f, 8f).reshape(4, 1);
        assertEquals(0.9486081370449679, run(Metric.r2(), yPred, yTrue), 1e-12);
        assertEquals(0.375, run(Metric.mse(), yPred, yTrue), EPS);
        assertEquals(0.5, run(Metric.mae(), yPred, yTrue), EPS);
        // multi-output: uniform average over columns; r2 0.93680..., MSE 0.708333..., MAE 0.75
        Tensor t = floats(3, 2, 0.5, 1, -1, 1, 7, -6);
        Tensor p = floats(3, 2, 0, 2, -1, 2, 8, -5);
        assertEquals(0.9368005266622779, run(Metric.r2(), p, t), 1e-12);
        assertEquals(0.7083333333333334, run(Metric.mse(), p, t), 1e-12);
        assertEquals(0.75, run(Metric.mae(), p, t), EPS);
        // streamed in two batches
        Metric r2 = Metric.r2();
        r2.update(p.narrow(0, 0, 1), t.narrow(0, 0, 1));
        r2.update(p.narrow(0, 1, 2), t.narrow(0, 1, 2));
        assertEquals(0.9368005266622779, r2.compute(), 1e-12);
        // constant target: 1 if exact, else 0 (force_finite)
        Tensor c = Tensor.of(1f, 1f, 1f);
        assertEquals(1.0, run(Metric.r2(), c, c), EPS);
        assertEquals(0.0, run(Metric.r2(), Tensor.of(1f, 2f, 1f), c), EPS);
        // large offset: Welford keeps it exact enough
        Tensor big = Tensor.wrap(new double[] {1e8 + 1, 1e8 + 2, 1e8 + 3}, DType.FLOAT64, 3);
        Tensor bigPred = Tensor.wrap(new double[] {1e8 + 1, 1e8 + 2, 1e8 + 4}, DType.FLOAT64, 3);
        assertEquals(0.5, run(Metric.r2(), bigPred, big), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Metric.mse().update(Tensor.zeros(3, 2), Tensor.zeros(3)));
    }

    @Test
    void badInputsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Metric.accuracy().update(LOGITS, labels(0, 1)));
        assertTrue(e.getMessage().contains("accuracy") && e.getMessage().contains("[8, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.accuracy().update(Tensor.of(0.5f), Tensor.of(0.5f)));
        assertThrows(IllegalArgumentException.class, () -> Metric.topKAccuracy(2).update(LOGITS, labels(0, 1, 2, 3, 0, 1, 2, 0)));
    }
}
