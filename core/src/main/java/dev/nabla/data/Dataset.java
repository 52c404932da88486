package dev.nabla.data;

import java.util.List;
import java.util.Objects;

/**
 * An indexable collection of samples: {@code size()} of them, read by position. Implementations
 * must be safe to read from one thread other than the one that built them (the DataLoader's
 * prefetch thread); they need not support concurrent readers.
 */
public interface Dataset<S> {
    int size();

    /** The sample at position {@code i}, 0 &lt;= i &lt; size(). */
    S get(int i);

    /** A view of the samples at the given positions, in that order (positions are checked here). */
    default Dataset<S> subset(int[] indices) {
        int[] idx = indices.clone();
        int n = size();
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= n) {
                throw new IndexOutOfBoundsException("subset: index " + idx[k] + " at position " + k + " out of range for a dataset of " + n);
            }
        }
        Dataset<S> parent = this;
        return new Dataset<>() {
            public int size() {
                return idx.length;
            }

            public S get(int i) {
                return parent.get(idx[i]);
            }
        };
    }

    /** A dataset over an in-memory list (not copied). */
    static <S> Dataset<S> of(List<S> samples) {
        Objects.requireNonNull(samples, "samples");
        return new Dataset<>() {
            public int size() {
                return samples.size();
            }

            public S get(int i) {
                return samples.get(i);
            }
        };
    }
}
