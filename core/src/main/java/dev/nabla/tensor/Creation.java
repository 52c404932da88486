package dev.nabla.tensor;

/** Creation ops: ranges, identity and random draws from an explicit {@link Rng}. */
final class Creation {
    private Creation() {}

    static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        long n = (long) Math.ceil((end - start) / step);
        if (n < 0) n = 0;
        Tensor t = Tensor.empty(dtype, new int[] {(int) n});
        for (int i = 0; i < n; i++) t.storage.set(i, start + i * step);
        return t;
    }

    static Tensor linspace(double start, double end, int n) {
        if (n < 0) throw new IllegalArgumentException("linspace: negative count " + n);
        Tensor t = Tensor.empty(DType.FLOAT32, new int[] {n});
        double step = n > 1 ? (end - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++) t.storage.set(i, i == n - 1 ? end : start + i * step);
        return t;
    }

    static Tensor eye(int rows, int cols) {
        Tensor t = Tensor.empty(DType.FLOAT32, new int[] {rows, cols});
        for (int i = 0; i < Math.min(rows, cols); i++) t.storage.f[i * cols + i] = 1f;
        return t;
    }

    static Tensor uniform(Rng rng, double low, double high, DType dtype, int[] shape) {
        if (!(low <= high)) throw new IllegalArgumentException("uniform: low " + low + " > high " + high);
        Tensor t = Tensor.empty(dtype, shape);
        int n = t.numel();
        double w = high - low;
        if (t.storage.f != null) {
            float[] f = t.storage.f;
            for (int i = 0; i < n; i++) f[i] = (float) (low + w * rng.nextDouble());
        } else {
            for (int i = 0; i < n; i++) t.storage.d[i] = low + w * rng.nextDouble();
        }
        return t;
    }

    static Tensor normal(Rng rng, double mean, double std, DType dtype, int[] shape) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = Tensor.empty(dtype, shape);
        int n = t.numel();
        for (int i = 0; i < n; i++) t.storage.set(i, mean + std * rng.nextGaussian());
        return t;
    }

    static Tensor bernoulli(Rng rng, double p, int[] shape) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        Tensor t = Tensor.empty(DType.FLOAT32, shape);
        float[] f = t.storage.f;
        for (int i = 0; i < f.length; i++) f[i] = rng.nextDouble() < p ? 1f : 0f;
        return t;
    }

    static Tensor bernoulli(Rng rng, Tensor probs) {
        Tensor c = probs.dense();
        Tensor t = Tensor.empty(probs.dtype.isFloating() ? probs.dtype : DType.FLOAT32, probs.shape);
        for (int i = 0; i < t.numel(); i++) {
            double p = c.storage.get(c.offset + i);
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: probability " + p + " at flat index " + i + " is not in [0, 1]");
            t.storage.set(i, rng.nextDouble() < p ? 1 : 0);
        }
        return t;
    }

    static Tensor randint(Rng rng, int low, int high, int[] shape) {
        if (high <= low) throw new IllegalArgumentException("randint: empty range [" + low + ", " + high + ")");
        Tensor t = Tensor.empty(DType.INT64, shape);
        for (int i = 0; i < t.numel(); i++) t.storage.d[i] = low + rng.nextInt(high - low);
        return t;
    }

    static Tensor multinomial(Tensor probs, int numSamples, boolean replacement, Rng rng) {
        if (probs.rank() != 1 && probs.rank() != 2) {
            throw new IllegalArgumentException("multinomial: expects 1-d or 2-d probabilities, got shape " + probs.shape());
        }
        Tensor p2 = probs.rank() == 1 ? probs.unsqueeze(0) : probs;
        int rows = p2.shape[0];
        int k = p2.shape[1];
        if (!replacement && numSamples > k) {
            throw new IllegalArgumentException("multinomial: cannot draw " + numSamples + " of " + k + " categories without replacement");
        }
        Tensor c = p2.dense();
        Tensor out = Tensor.empty(DType.INT64, new int[] {rows, numSamples});
        double[] w = new double[k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                w[j] = c.storage.get(c.offset + r * k + j);
                if (!(w[j] >= 0) || Double.isInfinite(w[j])) {
                    throw new IllegalArgumentException("multinomial: invalid weight " + w[j] + " in row " + r);
                }
            }
            for (int s = 0; s < numSamples; s++) {
                double total = 0;
                for (double v : w) total += v;
                if (total <= 0) throw new IllegalArgumentException("multinomial: row " + r + " has no positive weight left");
                double u = rng.nextDouble() * total;
                int pick = k - 1;
                double acc = 0;
                for (int j = 0; j < k; j++) {
                    acc += w[j];
                    if (u < acc && w[j] > 0) {
                        pick = j;
                        break;
                    }
                }
                out.storage.d[r * numSamples + s] = pick;
                if (!replacement) w[pick] = 0;
            }
        }
        return probs.rank() == 1 ? out.reshape(numSamples) : out;
    }
}
