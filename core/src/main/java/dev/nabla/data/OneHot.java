package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** One-hot encoding of class indices. */
public final class OneHot {
    private OneHot() {}

    /**
     * FLOAT32 [..., numClasses] with a 1 at each label's index. Labels (any shape, whole numbers)
     * must lie in [0, numClasses); the message names the first that does not.
     */
    public static Tensor encode(Tensor labels, int numClasses) {
        if (numClasses <= 0) throw new IllegalArgumentException("OneHot.encode: numClasses must be positive, got " + numClasses);
        double[] v = labels.toDoubleArray();
        float[] out = new float[Math.multiplyExact(v.length, numClasses)];
        for (int i = 0; i < v.length; i++) {
            double l = v[i];
            if (!(l >= 0 && l < numClasses) || l != Math.rint(l)) {
                throw new IllegalArgumentException("OneHot.encode: label " + l + " at flat index " + i + " is not a class index in [0, "
                        + numClasses + ")");
            }
            out[i * numClasses + (int) l] = 1;
        }
        int[] shape = Arrays.copyOf(labels.dims(), labels.rank() + 1);
        shape[labels.rank()] = numClasses;
        return Tensor.wrap(out, shape);
    }

    /** One-hot with numClasses = max label + 1. */
    public static Tensor encode(Tensor labels) {
        double max = -1;
        for (double l : labels.toDoubleArray()) max = Math.max(max, l);
        if (max < 0) throw new IllegalArgumentException("OneHot.encode: no labels to infer the number of classes from");
        return encode(labels, (int) max + 1);
    }

    /** The class index of each row's largest entry: INT64 [...] from [..., C]. */
    public static Tensor decode(Tensor oneHot) {
        if (oneHot.rank() < 1) throw new IllegalArgumentException("OneHot.decode: need [..., C], got a 0-d tensor");
        return oneHot.argmax(-1, false);
    }
}
