package dev.nabla.optim.schedule;

import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates", section 3.3; fast.ai's lr_find):
 * trains for up to {@code numIter} steps while the lr grows exponentially from {@code startLr} to
 * {@code endLr}, recording the loss of each step and its exponentially smoothed, bias-corrected value
 * ({@code smoothing} beta). It stops early when the smoothed loss exceeds {@code divergeThreshold} times
 * the best so far or is not finite. By default the parameters and optimizer state are restored
 * afterwards, so the test leaves the model as it found it. Plotting is the CLI's job.
 *
 * <pre>{@code
 * LrFinder.Result r = new LrFinder(LrFinder.Options.DEFAULT).run(optimizer, () -> {
 *     Batch b = batches.next();
 *     Tensor loss = F.crossEntropy(model.forward(b.x()), b.y());
 *     loss.backward();
 *     return loss.item();
 * });
 * double lr = r.steepestLr();
 * }</pre>
 */
public final class LrFinder {
    /** Range-test settings; {@link #DEFAULT}: 1e-7 to 10 over 100 steps, beta 0.98, stop at 4x the best. */
    public record Options(double startLr, double endLr, int numIter, double smoothing, double divergeThreshold, boolean restore) {
        public static final Options DEFAULT = new Options(1e-7, 10, 100, 0.98, 4, true);

        public Options {
            if (!(startLr > 0 && endLr > startLr)) throw new IllegalArgumentException("LrFinder: need 0 < startLr < endLr, got " + startLr + ", " + endLr);
            if (numIter < 2) throw new IllegalArgumentException("LrFinder: numIter must be >= 2, got " + numIter);
            if (!(smoothing >= 0 && smoothing < 1)) throw new IllegalArgumentException("LrFinder: smoothing must be in [0, 1), got " + smoothing);
            if (!(divergeThreshold > 1)) throw new IllegalArgumentException("LrFinder: divergeThreshold must be > 1, got " + divergeThreshold);
        }

        public Options withRange(double startLr, double endLr) {
            return new Options(startLr, endLr, numIter, smoothing, divergeThreshold, restore);
        }

        public Options withNumIter(int numIter) {
            return new Options(startLr, endLr, numIter, smoothing, divergeThreshold, restore);
        }

        public Options withSmoothing(double smoothing) {
            return new Options(startLr, endLr, numIter, smoothing, divergeThreshold, restore);
        }

        public Options withDivergeThreshold(double divergeThreshold) {
            return new Options(startLr, endLr, numIter, smoothing, divergeThreshold, restore);
        }

        public Options withRestore(boolean restore) {
            return new Options(startLr, endLr, numIter, smoothing, divergeThreshold, restore);
        }
    }

    /** One step of the test: the lr used, the raw loss and the smoothed loss. */
    public record Point(double lr, double loss, double smoothedLoss) {}

    /** The recorded points and whether the test stopped because the loss diverged. */
    public record Result(List<Point> points, boolean diverged) {
        public Result {
            points = List.copyOf(points);
        }

        /** The lr with the lowest smoothed loss. */
        public double minLossLr() {
            Point best = points.get(0);
            for (Point p : points) if (p.smoothedLoss() < best.smoothedLoss()) best = p;
            return best.lr();
        }

        /**
         * The lr where the smoothed loss falls fastest against log(lr) (a common choice of max lr),
         * looking only up to the minimum of the smoothed loss.
         */
        public double steepestLr() {
            int end = 0;
            for (int i = 0; i < points.size(); i++) if (points.get(i).smoothedLoss() < points.get(end).smoothedLoss()) end = i;
            if (end < 1) return points.get(0).lr();
            int best = 1;
            double bestSlope = Double.POSITIVE_INFINITY;
            for (int i = 1; i <= end; i++) {
                Point a = points.get(i - 1);
                Point b = points.get(i);
                double slope = (b.smoothedLoss() - a.smoothedLoss()) / (StrictMath.log(b.lr()) - StrictMath.log(a.lr()));
                if (slope < bestSlope) {
                    bestSlope = slope;
                    best = i;
                }
            }
            return points.get(best).lr();
        }
    }

    private final Options options;

    public LrFinder(Options options) {
        this.options = options;
    }

    /**
     * Runs the test. {@code lossAndBackward} computes the loss of the next training batch at the current
     * parameters, calls backward and returns the loss; the finder zeroes gradients before it and steps
     * the optimizer after it. All groups get the same lr.
     */
    public Result run(Optimizer optimizer, DoubleSupplier lossAndBackward) {
        List<Tensor> params = optimizer.params();
        List<Tensor> saved = new ArrayList<>();
        OptimizerState savedState = null;
        if (options.restore()) {
            for (Tensor p : params) saved.add(p.copy());
            savedState = optimizer.stateDict();
        }
        List<Point> points = new ArrayList<>();
        boolean diverged = false;
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        double ratio = options.endLr() / options.startLr();
        try {
            for (int i = 0; i < options.numIter(); i++) {
                double lr = options.startLr() * StrictMath.pow(ratio, (double) i / (options.numIter() - 1));
                optimizer.setLr(lr);
                optimizer.zeroGrad();
                double loss = lossAndBackward.getAsDouble();
                double beta = options.smoothing();
                avg = beta * avg + (1 - beta) * loss;
                double smoothed = avg / (1 - StrictMath.pow(beta, i + 1));
                points.add(new Point(lr, loss, smoothed));
                if (!Double.isFinite(smoothed) || (i > 0 && smoothed > options.divergeThreshold() * best)) {
                    diverged = true;
                    break;
                }
                best = Math.min(best, smoothed);
                optimizer.step();
            }
        } finally {
            optimizer.zeroGrad();
            if (options.restore()) {
                try (var off = dev.nabla.autograd.Grad.off()) {
                    for (int i = 0; i < params.size(); i++) params.get(i).copyFromInPlace(saved.get(i));
                }
                optimizer.loadStateDict(savedState);
            }
        }
        return new Result(points, diverged);
    }
}
