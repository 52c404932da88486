package dev.nabla.data.text;

import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bag-of-words (or bag-of-n-grams) counts, as scikit-learn's CountVectorizer: {@link #fit} learns
 * the terms (sorted, as scikit-learn's feature names are), {@link #transform} gives a FLOAT32
 * [documents, terms] matrix of counts (0/1 with {@code binary}); terms unseen in fitting are ignored.
 */
public final class CountVectorizer {
    /**
     * Settings, defaults as scikit-learn's: word analyzer, n-grams (1, 1), lower-casing, raw counts,
     * every term ({@code minDf} 1: a term must appear in that many documents), no feature limit
     * ({@code maxFeatures} 0; otherwise the most frequent terms over the corpus, ties alphabetical).
     */
    public record Options(NGrams.Analyzer analyzer, int minN, int maxN, boolean lowercase, boolean binary, int minDf, int maxFeatures) {
        public Options {
            if (analyzer == null) throw new IllegalArgumentException("CountVectorizer: analyzer must not be null");
            if (minN < 1 || maxN < minN) throw new IllegalArgumentException("CountVectorizer: n-gram range (" + minN + ", " + maxN + ") must have 1 <= min <= max");
            if (minDf < 1 || maxFeatures < 0) throw new IllegalArgumentException("CountVectorizer: minDf " + minDf + " must be >= 1 and maxFeatures " + maxFeatures + " >= 0");
        }

        public static Options defaults() {
            return new Options(NGrams.Analyzer.WORD, 1, 1, true, false, 1, 0);
        }

        public Options analyzer(NGrams.Analyzer a) {
            return new Options(a, minN, maxN, lowercase, binary, minDf, maxFeatures);
        }

        public Options ngramRange(int min, int max) {
            return new Options(analyzer, min, max, lowercase, binary, minDf, maxFeatures);
        }

        public Options lowercase(boolean flag) {
            return new Options(analyzer, minN, maxN, flag, binary, minDf, maxFeatures);
        }

        public Options binary(boolean flag) {
            return new Options(analyzer, minN, maxN, lowercase, flag, minDf, maxFeatures);
        }

        public Options minDf(int n) {
            return new Options(analyzer, minN, maxN, lowercase, binary, n, maxFeatures);
        }

        public Options maxFeatures(int n) {
            return new Options(analyzer, minN, maxN, lowercase, binary, minDf, n);
        }
    }

    private final Options options;
    private List<String> features;
    private Map<String, Integer> index;

    public CountVectorizer() {
        this(Options.defaults());
    }

    public CountVectorizer(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** The terms of one document. */
    public List<String> analyze(String doc) {
        return NGrams.terms(doc, options.analyzer(), options.minN(), options.maxN(), options.lowercase());
    }

    /** Learns the terms of the documents; returns this. */
    public CountVectorizer fit(List<String> docs) {
        Map<String, Integer> df = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        for (String d : docs) {
            List<String> terms = analyze(d);
            for (String t : terms) total.merge(t, 1L, Long::sum);
            for (String t : new HashSet<>(terms)) df.merge(t, 1, Integer::sum);
        }
        List<String> kept = new ArrayList<>();
        for (var e : df.entrySet()) if (e.getValue() >= options.minDf()) kept.add(e.getKey());
        if (options.maxFeatures() > 0 && kept.size() > options.maxFeatures()) {
            kept.sort((a, b) -> !total.get(a).equals(total.get(b)) ? Long.compare(total.get(b), total.get(a)) : a.compareTo(b));
            kept = new ArrayList<>(kept.subList(0, options.maxFeatures()));
        }
        if (kept.isEmpty()) throw new IllegalArgumentException("CountVectorizer.fit: no terms left from " + docs.size() + " documents (empty vocabulary)");
        Collections.sort(kept);
        features = List.copyOf(kept);
        index = new HashMap<>();
        for (int i = 0; i < features.size(); i++) index.put(features.get(i), i);
        return this;
    }

    /** The learned terms; column j of {@link #transform} counts term j. */
    public List<String> featureNames() {
        checkFitted("featureNames");
        return features;
    }

    /** Counts [documents, terms] as FLOAT32. */
    public Tensor transform(List<String> docs) {
        double[] c = counts(docs);
        float[] f = new float[c.length];
        for (int i = 0; i < c.length; i++) f[i] = (float) c[i];
        return Tensor.wrap(f, docs.size(), features.size());
    }

    public Tensor fitTransform(List<String> docs) {
        return fit(docs).transform(docs);
    }

    /** Row-major counts [documents, terms] in double precision (binary if so configured). */
    double[] counts(List<String> docs) {
        checkFitted("transform");
        int v = features.size();
        double[] out = new double[docs.size() * v];
        for (int d = 0; d < docs.size(); d++) {
            for (String t : analyze(docs.get(d))) {
                Integer j = index.get(t);
                if (j == null) continue;
                int p = d * v + j;
                out[p] = options.binary() ? 1 : out[p] + 1;
            }
        }
        return out;
    }

    /** Number of documents containing each term, for TF-IDF. */
    static double[] documentFrequency(double[] counts, int docs, int terms) {
        double[] df = new double[terms];
        for (int d = 0; d < docs; d++) for (int j = 0; j < terms; j++) if (counts[d * terms + j] > 0) df[j]++;
        return df;
    }

    private void checkFitted(String what) {
        if (features == null) throw new IllegalStateException("CountVectorizer." + what + ": call fit first");
    }

    /** The terms of one document with their counts, sorted by term. */
    public Map<String, Integer> termCounts(String doc) {
        Map<String, Integer> m = new TreeMap<>();
        for (String t : analyze(doc)) m.merge(t, 1, Integer::sum);
        return m;
    }

    @Override
    public String toString() {
        return "CountVectorizer(" + options + (features == null ? ", not fitted" : ", " + features.size() + " terms") + ")";
    }
}
