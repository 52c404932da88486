package dev.nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.data.text.NGrams.Analyzer;
import dev.nabla.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CountVectorizer and TfidfVectorizer against the examples of scikit-learn's documentation
 * (CountVectorizer's docstring, and the user guide sections 6.2.3.3 "Sparsity"/char n-grams and
 * 6.2.3.4 "Tf-idf term weighting"), whose printed numbers are copied here. scikit-learn is not
 * installed on the build machine, so these published values are the reference.
 */
class VectorizerTest {
    private static final List<String> CORPUS = List.of(
            "This is the first document.",
            "This document is the second document.",
            "And this is the third one.",
            "Is this the first document?");

    private static void assertRows(float[][] expected, Tensor actual, double tol) {
        assertArrayEquals(new int[] {expected.length, expected[0].length}, actual.dims());
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.get(i, j), tol, "row " + i + ", column " + j);
            }
        }
    }

    @Test
    void wordCountsMatchScikitLearnDocstring() {
        CountVectorizer v = new CountVectorizer();
        Tensor x = v.fitTransform(CORPUS);
        assertEquals(List.of("and", "document", "first", "is", "one", "second", "the", "third", "this"), v.featureNames());
        assertRows(new float[][] {
                {0, 1, 1, 1, 0, 0, 1, 0, 1},
                {0, 2, 0, 1, 0, 1, 1, 0, 1},
                {1, 0, 0, 1, 1, 0, 1, 1, 1},
                {0, 1, 1, 1, 0, 0, 1, 0, 1}}, x, 0);
    }

    @Test
    void wordBigramsMatchScikitLearnDocstring() {
        CountVectorizer v = new CountVectorizer(CountVectorizer.Options.defaults().ngramRange(2, 2));
        Tensor x = v.fitTransform(CORPUS);
        assertEquals(List.of("and this", "document is", "first document", "is the", "is this", "second document", "the first",
                "the second", "the third", "third one", "this document", "this is", "this the"), v.featureNames());
        assertRows(new float[][] {
                {0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0},
                {0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0},
                {1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0},
                {0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1}}, x, 0);
    }

    @Test
    void unigramsAndBigramsTogetherAndBinaryCounts() {
        CountVectorizer v = new CountVectorizer(CountVectorizer.Options.defaults().ngramRange(1, 2).binary(true));
        Tensor x = v.fitTransform(List.of("a b b b c d", "bb cc bb"));
        // single letters are not tokens under (?u)\b\w\w+\b
        assertEquals(List.of("bb", "bb cc", "cc", "cc bb"), v.featureNames());
        assertRows(new float[][] {{0, 0, 0, 0}, {1, 1, 1, 1}}, x, 0);
        Tensor raw = new CountVectorizer(CountVectorizer.Options.defaults().ngramRange(1, 2)).fitTransform(List.of("bb cc bb"));
        assertRows(new float[][] {{2, 1, 1, 1}}, raw, 0);
    }

    @Test
    void characterNGramsMatchScikitLearnUserGuide() {
        CountVectorizer wb = new CountVectorizer(CountVectorizer.Options.defaults().analyzer(Analyzer.CHAR_WB).ngramRange(2, 2));
        Tensor x = wb.fitTransform(List.of("words", "wprds"));
        assertEquals(List.of(" w", "ds", "or", "pr", "rd", "s ", "wo", "wp"), wb.featureNames());
        assertRows(new float[][] {{1, 1, 1, 0, 1, 1, 1, 0}, {1, 1, 0, 1, 1, 1, 0, 1}}, x, 0);

        CountVectorizer wb5 = new CountVectorizer(CountVectorizer.Options.defaults().analyzer(Analyzer.CHAR_WB).ngramRange(5, 5));
        wb5.fit(List.of("jumpy fox"));
        assertEquals(List.of(" fox ", " jump", "jumpy", "umpy "), wb5.featureNames());
        CountVectorizer c5 = new CountVectorizer(CountVectorizer.Options.defaults().analyzer(Analyzer.CHAR).ngramRange(5, 5));
        c5.fit(List.of("jumpy fox"));
        assertEquals(List.of("jumpy", "mpy f", "py fo", "umpy ", "y fox"), c5.featureNames());
        // runs of white space count as one space; lower-casing by default
        assertEquals(List.of("a", " ", "b", "a ", " b"), NGrams.terms("A \t b", Analyzer.CHAR, 1, 2, true));
    }

    @Test
    void minDfMaxFeaturesAndUnseenTerms() {
        List<String> docs = List.of("apple banana apple", "banana cherry", "banana durian durian durian");
        CountVectorizer df2 = new CountVectorizer(CountVectorizer.Options.defaults().minDf(2));
        df2.fit(docs);
        assertEquals(List.of("banana"), df2.featureNames());
        CountVectorizer top2 = new CountVectorizer(CountVectorizer.Options.defaults().maxFeatures(2));
        top2.fit(docs);
        assertEquals(List.of("banana", "durian"), top2.featureNames());
        assertRows(new float[][] {{1, 0}, {0, 0}}, top2.transform(List.of("banana kiwi", "kiwi")), 0);
        assertThrows(IllegalStateException.class, () -> new CountVectorizer().transform(docs));
        assertThrows(IllegalArgumentException.class, () -> new CountVectorizer().fit(List.of("a b", "!")));
    }

    /** The user guide's count matrix for terms aa, bb, cc (6 documents). */
    private static final List<String> COUNTS = List.of("aa aa aa cc", "aa aa", "aa aa aa", "aa aa aa aa", "aa aa aa bb bb", "aa aa aa cc cc");

    @Test
    void tfidfDefaultsMatchScikitLearnUserGuide() {
        TfidfVectorizer v = new TfidfVectorizer();
        Tensor x = v.fitTransform(COUNTS);
        assertEquals(List.of("aa", "bb", "cc"), v.featureNames());
        // idf = ln((1 + n) / (1 + df)) + 1 with n = 6, df = 6, 1, 2
        assertArrayEquals(new double[] {1.0, Math.log(7.0 / 2) + 1, Math.log(7.0 / 3) + 1}, v.idf(), 1e-12);
        assertRows(new float[][] {
                {0.85151335f, 0, 0.52433293f},
                {1, 0, 0},
                {1, 0, 0},
                {1, 0, 0},
                {0.55422893f, 0.83236428f, 0},
                {0.63035731f, 0, 0.77630514f}}, x, 1e-7);
    }

    @Test
    void tfidfWithoutSmoothingMatchesScikitLearnUserGuide() {
        TfidfVectorizer v = new TfidfVectorizer(TfidfVectorizer.Options.defaults().smoothIdf(false));
        assertRows(new float[][] {
                {0.81940995f, 0, 0.57320793f},
                {1, 0, 0},
                {1, 0, 0},
                {1, 0, 0},
                {0.47330339f, 0.88089948f, 0},
                {0.58149261f, 0, 0.81355169f}}, v.fitTransform(COUNTS), 1e-7);
    }

    @Test
    void tfidfOptionsByHand() {
        // sublinear tf: 1 + ln(3) for the three "aa" of document 0; no norm leaves tf * idf
        TfidfVectorizer v = new TfidfVectorizer(TfidfVectorizer.Options.defaults().sublinearTf(true).norm(TfidfVectorizer.Norm.NONE));
        Tensor x = v.fitTransform(COUNTS);
        double idfCc = Math.log(7.0 / 3) + 1;
        assertEquals(1 + Math.log(3), x.get(0, 0), 1e-6);
        assertEquals(idfCc, x.get(0, 2), 1e-6);
        assertEquals((1 + Math.log(2)) * idfCc, x.get(5, 2), 1e-6);
        // L1 rows sum to one; without idf the raw counts are normalized
        Tensor l1 = new TfidfVectorizer(TfidfVectorizer.Options.defaults().norm(TfidfVectorizer.Norm.L1).useIdf(false)).fitTransform(COUNTS);
        assertEquals(0.75, l1.get(0, 0), 1e-7);
        assertEquals(0.25, l1.get(0, 2), 1e-7);
        // a document of unseen terms is a row of zeros, not NaN
        Tensor unseen = v.transform(List.of("zz yy"));
        assertArrayEquals(new float[] {0, 0, 0}, unseen.toFloatArray());
    }
}
