package dev.nabla.data.text;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * TF-IDF features as scikit-learn's TfidfVectorizer with its defaults: term counts times
 * {@code idf = ln((1 + n) / (1 + df)) + 1} (smooth_idf; without smoothing {@code ln(n / df) + 1}),
 * raw counts as tf (sublinear_tf off; on: {@code 1 + ln(tf)}), then each row scaled to unit L2 norm
 * (a row of zeros stays zero). The idf is learned by {@link #fit} on n training documents.
 */
public final class TfidfVectorizer {
    /** Row normalization. */
    public enum Norm {
        L1, L2, NONE
    }

    /** Settings beyond the counting ones; scikit-learn's defaults are L2, useIdf, smoothIdf, no sublinear tf. */
    public record Options(CountVectorizer.Options counts, Norm norm, boolean useIdf, boolean smoothIdf, boolean sublinearTf) {
        public static Options defaults() {
            return new Options(CountVectorizer.Options.defaults(), Norm.L2, true, true, false);
        }

        public Options counts(CountVectorizer.Options c) {
            return new Options(c, norm, useIdf, smoothIdf, sublinearTf);
        }

        public Options norm(Norm n) {
            return new Options(counts, n, useIdf, smoothIdf, sublinearTf);
        }

        public Options useIdf(boolean flag) {
            return new Options(counts, norm, flag, smoothIdf, sublinearTf);
        }

        public Options smoothIdf(boolean flag) {
            return new Options(counts, norm, useIdf, flag, sublinearTf);
        }

        public Options sublinearTf(boolean flag) {
            return new Options(counts, norm, useIdf, smoothIdf, flag);
        }
    }

    private final Options options;
    private final CountVectorizer counter;
    private double[] idf;

    public TfidfVectorizer() {
        this(Options.defaults());
    }

    public TfidfVectorizer(Options options) {
        this.options = options;
        this.counter = new CountVectorizer(options.counts());
    }

    /** Learns the terms and their idf; returns this. */
    public TfidfVectorizer fit(List<String> docs) {
        counter.fit(docs);
        int v = counter.featureNames().size();
        double[] df = CountVectorizer.documentFrequency(counter.counts(docs), docs.size(), v);
        double n = docs.size();
        idf = new double[v];
        for (int j = 0; j < v; j++) {
            idf[j] = options.smoothIdf() ? Math.log((1 + n) / (1 + df[j])) + 1 : Math.log(n / df[j]) + 1;
        }
        return this;
    }

    /** The learned idf of each term, in {@link #featureNames()} order. */
    public double[] idf() {
        if (idf == null) throw new IllegalStateException("TfidfVectorizer.idf: call fit first");
        return idf.clone();
    }

    public List<String> featureNames() {
        return counter.featureNames();
    }

    /** TF-IDF features [documents, terms] as FLOAT32, computed in double precision. */
    public Tensor transform(List<String> docs) {
        if (idf == null) throw new IllegalStateException("TfidfVectorizer.transform: call fit first");
        double[] x = counter.counts(docs);
        int v = idf.length;
        float[] out = new float[x.length];
        for (int d = 0; d < docs.size(); d++) {
            double norm = 0;
            for (int j = 0; j < v; j++) {
                int p = d * v + j;
                double tf = x[p];
                if (options.sublinearTf() && tf > 0) tf = 1 + Math.log(tf);
                x[p] = options.useIdf() ? tf * idf[j] : tf;
                norm += switch (options.norm()) {
                    case L1 -> Math.abs(x[p]);
                    case L2 -> x[p] * x[p];
                    case NONE -> 0;
                };
            }
            double scale = options.norm() == Norm.L2 ? Math.sqrt(norm) : norm;
            for (int j = 0; j < v; j++) {
                int p = d * v + j;
                out[p] = (float) (options.norm() == Norm.NONE || scale == 0 ? x[p] : x[p] / scale);
            }
        }
        return Tensor.wrap(out, docs.size(), v);
    }

    public Tensor fitTransform(List<String> docs) {
        return fit(docs).transform(docs);
    }
}
