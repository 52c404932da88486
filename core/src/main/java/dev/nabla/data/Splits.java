package dev.nabla.data;

import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Index splits: random train/validation, stratified (class shares kept), k-fold and stratified
 * k-fold. All randomness comes from the given Rng; the same seed gives the same split.
 */
public final class Splits {
    private Splits() {}

    /**
     * A random split of 0..n-1: round(n * trainFraction) indices to train, the rest to validation,
     * both in random order (the same indices {@link TensorDataset#split} takes).
     */
    public static Split random(int n, double trainFraction, Rng rng) {
        checkFraction("random", trainFraction);
        int[] perm = rng.permutation(n);
        int cut = (int) Math.round(n * trainFraction);
        checkNonEmpty("random", n, cut, trainFraction);
        return new Split(Arrays.copyOfRange(perm, 0, cut), Arrays.copyOfRange(perm, cut, n));
    }

    /**
     * A split that keeps every class's share: the train part holds round(N * trainFraction)
     * samples, and each class contributes floor or ceil of count * trainFraction of them (largest
     * remainders first, ties to the lower class index), its members drawn at random. Both parts are
     * returned in random order.
     *
     * @param labels 1-d class indices [N]
     */
    public static Split stratified(Tensor labels, double trainFraction, Rng rng) {
        checkFraction("stratified", trainFraction);
        int[] y = Labels.of(labels, "stratified");
        int n = y.length;
        int k = Labels.numClasses(y);
        int[][] byClass = Labels.byClass(y, k);
        int target = (int) Math.round(n * trainFraction);
        checkNonEmpty("stratified", n, target, trainFraction);
        int[] take = new int[k];
        double[] frac = new double[k];
        int assigned = 0;
        for (int c = 0; c < k; c++) {
            double q = byClass[c].length * trainFraction;
            take[c] = (int) Math.floor(q);
            frac[c] = q - take[c];
            assigned += take[c];
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) order[c] = c;
        Arrays.sort(order, (a, b) -> frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : Integer.compare(a, b));
        for (int r = 0; assigned < target && r < k; r++) {
            int c = order[r];
            if (take[c] < byClass[c].length) {
                take[c]++;
                assigned++;
            }
        }
        int[] train = new int[target];
        int[] val = new int[n - target];
        int t = 0, v = 0;
        for (int c = 0; c < k; c++) {
            int[] members = Labels.shuffledCopy(byClass[c], rng);
            for (int i = 0; i < members.length; i++) {
                if (i < take[c]) train[t++] = members[i];
                else val[v++] = members[i];
            }
        }
        return new Split(Labels.shuffledCopy(train, rng), Labels.shuffledCopy(val, rng));
    }

    /**
     * k folds over 0..n-1, as scikit-learn's KFold: the first n % k folds hold n / k + 1 samples,
     * the others n / k; fold i's validation part is its own samples and its train part all the others.
     * With rng null the samples are taken in order (and each part is ascending); otherwise they are
     * shuffled first.
     */
    public static List<Split> kFold(int n, int k, Rng rng) {
        checkFolds("kFold", n, k);
        int[] order = rng == null ? TensorDataset.identity(n) : rng.permutation(n);
        List<Split> folds = new ArrayList<>(k);
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            int[] val = Arrays.copyOfRange(order, start, start + size);
            int[] train = new int[n - size];
            System.arraycopy(order, 0, train, 0, start);
            System.arraycopy(order, start + size, train, start, n - start - size);
            folds.add(new Split(train, val));
            start += size;
        }
        return folds;
    }

    /**
     * k folds that keep each class's share: the members of each class (shuffled unless rng is
     * null) are dealt to the folds in turn, the dealing continuing across classes, so every fold
     * gets floor or ceil of count / k of each class and fold sizes differ by at most one. Both parts
     * of each fold are ascending.
     */
    public static List<Split> stratifiedKFold(Tensor labels, int k, Rng rng) {
        int[] y = Labels.of(labels, "stratifiedKFold");
        int n = y.length;
        checkFolds("stratifiedKFold", n, k);
        int[][] byClass = Labels.byClass(y, Labels.numClasses(y));
        int[] foldOf = new int[n];
        int next = 0;
        for (int[] members : byClass) {
            int[] m = rng == null ? members : Labels.shuffledCopy(members, rng);
            for (int i : m) {
                foldOf[i] = next;
                next = (next + 1) % k;
            }
        }
        List<Split> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int size = 0;
            for (int i = 0; i < n; i++) if (foldOf[i] == f) size++;
            int[] val = new int[size];
            int[] train = new int[n - size];
            int a = 0, b = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == f) val[a++] = i;
                else train[b++] = i;
            }
            folds.add(new Split(train, val));
        }
        return folds;
    }

    private static void checkFraction(String op, double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException(op + ": train fraction must be in (0, 1), got " + f);
    }

    private static void checkNonEmpty(String op, int n, int cut, double f) {
        if (cut == 0 || cut == n) {
            throw new IllegalArgumentException(op + ": fraction " + f + " of " + n + " samples leaves one part empty");
        }
    }

    private static void checkFolds(String op, int n, int k) {
        if (k < 2) throw new IllegalArgumentException(op + ": need at least 2 folds, got " + k);
        if (k > n) throw new IllegalArgumentException(op + ": " + k + " folds need at least " + k + " samples, got " + n);
    }
}
