package dev.nabla.tensor;

/**
 * The flat memory a tensor and its views share: a float[] for FLOAT32, a double[] otherwise.
 * {@code version} counts in-place writes, so autograd can tell when a saved tensor was changed.
 */
final class Storage {
    final float[] f;
    final double[] d;
    int version;

    private Storage(float[] f, double[] d) {
        this.f = f;
        this.d = d;
    }

    static Storage of(float[] f) {
        return new Storage(f, null);
    }

    static Storage of(double[] d) {
        return new Storage(null, d);
    }

    static Storage allocate(DType dtype, int n) {
        return dtype == DType.FLOAT32 ? new Storage(new float[n], null) : new Storage(null, new double[n]);
    }

    double get(int i) {
        return f != null ? f[i] : d[i];
    }

    void set(int i, double v) {
        if (f != null) f[i] = (float) v;
        else d[i] = v;
    }

    int length() {
        return f != null ? f.length : d.length;
    }
}
