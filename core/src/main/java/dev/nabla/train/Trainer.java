package dev.nabla.train;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.Dataset;
import dev.nabla.data.Sample;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Criterion;
import dev.nabla.nn.Module;
import dev.nabla.optim.Clip;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Trains a model with an optimizer and a loss, running the loop a user would write by hand:
 * <pre>{@code
 * for (Batch b : train) {
 *     Tensor loss = lossFn.apply(model.forward(b.x()), b.y());
 *     optimizer.zeroGrad();
 *     loss.backward();
 *     optimizer.step();
 * }
 * }</pre>
 * plus what every run needs around it: streaming {@link Metric}s, validation after each epoch, a
 * {@link History}, {@link Callback}s (early stopping, checkpoints, schedules, loggers), optional
 * gradient clipping by norm, and a stop on a non-finite loss.
 *
 * <pre>{@code
 * var trainer = Trainer.of(model, optimizer, Loss.crossEntropy())
 *         .metrics(Metric.accuracy())
 *         .callbacks(new EarlyStopping("val_loss", 3), new ProgressPrinter())
 *         .seed(42)
 *         .build();
 * History history = trainer.fit(data.split(0.9, rng), 10, 128);
 * Map<String, Double> test = trainer.evaluate(testSet);   // {loss=..., accuracy=...}
 * }</pre>
 *
 * <p><b>Non-finite loss.</b> Before each backward pass the batch loss is checked (and, with
 * clipping, the gradient norm before the step). If it is NaN or infinite, training stops at once:
 * that step's gradient is not applied, the history's {@link History#stopReason()} is set, callbacks'
 * {@code onTrainEnd} run, and {@code fit} throws a {@link NonFiniteLossException} naming the epoch and
 * the step and carrying the history of the completed epochs. Without clipping, a finite loss whose
 * gradient is not finite shows at the next step; {@code clipGradNorm(Double.POSITIVE_INFINITY)}
 * checks the gradient at every step without scaling it.
 *
 * <p>Epoch losses are the batch losses weighted by batch size, so the loss function should average
 * over the batch (the default reduction). Training metrics are computed on the outputs of the
 * training forward passes (in training mode, as Keras does); validation, {@link #evaluate} and
 * {@link #predict} run in evaluation mode without recording the graph and restore the mode after.
 */
public final class Trainer {
    private final Module model;
    private final Optimizer optimizer;
    private final Criterion loss;
    private final List<Metric> metrics;
    private final List<Callback> callbacks;
    private final double clipNorm;
    private final Rng rng;
    private final int evalBatchSize;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.metrics = List.copyOf(b.metrics);
        this.callbacks = List.copyOf(b.callbacks);
        this.clipNorm = b.clipNorm;
        this.rng = b.rng;
        this.evalBatchSize = b.evalBatchSize;
    }

    /** Starts a trainer: the loss maps (model output, target) to a scalar, e.g. {@code Loss.crossEntropy()}. */
    public static Builder of(Module model, Optimizer optimizer, Criterion loss) {
        return new Builder(model, optimizer, loss);
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Trains on a split as made by {@link TensorDataset#split}: element 0 for training (shuffled),
     * element 1 for validation.
     */
    public History fit(TensorDataset[] trainAndValidation, int epochs, int batchSize) {
        if (trainAndValidation.length != 2) {
            throw new IllegalArgumentException("fit: expects {train, validation}, got " + trainAndValidation.length + " datasets");
        }
        return fit(trainAndValidation[0], trainAndValidation[1], epochs, batchSize);
    }

    /**
     * Trains on a dataset in mini-batches of {@code batchSize}, reshuffled every epoch with a
     * generator split from the trainer's {@link Builder#rng}, the last batch kept; validates on
     * {@code validation} (may be null) after every epoch, in batches of the eval batch size.
     */
    public History fit(Dataset<Sample> train, Dataset<Sample> validation, int epochs, int batchSize) {
        Objects.requireNonNull(train, "train");
        try (DataLoader<Batch> tl = DataLoader.of(train).batchSize(batchSize).shuffle(rng.split()).build()) {
            DataLoader<Batch> vl = validation == null ? null : DataLoader.of(validation).batchSize(evalBatchSize).build();
            return fit(tl, vl, epochs);
        }
    }

    /**
     * Trains for {@code epochs} passes over {@code train} (each {@code iterator()} is one epoch, as
     * with a {@link DataLoader}), validating on {@code validation} (may be null) after each.
     *
     * @throws NonFiniteLossException if a batch loss is not finite (see the class comment)
     */
    public History fit(Iterable<Batch> train, Iterable<Batch> validation, int epochs) {
        return fit(train, validation, epochs, new History());
    }

    /**
     * Continues a run that has completed {@code done.size()} epochs (e.g. restored from a {@link Checkpoint}
     * together with the model, optimizer and generators): trains epochs {@code done.size() + 1} to
     * {@code epochs}; the returned history holds the earlier epochs too.
     */
    public History fit(Iterable<Batch> train, Iterable<Batch> validation, int epochs, History done) {
        Objects.requireNonNull(train, "train");
        if (epochs < 1) throw new IllegalArgumentException("fit: epochs must be >= 1, got " + epochs);
        if (done.size() > epochs) throw new IllegalArgumentException("fit: " + done.size() + " epochs are done already, more than " + epochs);
        History history = done.copy();
        Run run = new Run(history, epochs);
        for (Callback c : callbacks) c.onTrainBegin(run);
        try {
            for (int epoch = done.size() + 1; epoch <= epochs && !run.stopRequested(); epoch++) {
                runEpoch(run, epoch, train, validation);
            }
        } catch (NonFiniteLossException e) {
            history.stop(e.getMessage());
            for (Callback c : callbacks) c.onTrainEnd(run);
            throw e;
        }
        for (Callback c : callbacks) c.onTrainEnd(run);
        return history;
    }

    private void runEpoch(Run run, int epoch, Iterable<Batch> train, Iterable<Batch> validation) {
        run.epoch = epoch;
        for (Callback c : callbacks) c.onEpochBegin(epoch);
        long t0 = System.nanoTime();
        model.train();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        int step = 0;
        Iterator<Batch> it = train.iterator();
        try {
            while (it.hasNext()) {
                Batch b = it.next();
                step++;
                run.globalStep++;
                double[] lossAndNorm = trainStep(run, epoch, step, b);
                lossSum += lossAndNorm[0] * b.size();
                seen += b.size();
                if (!callbacks.isEmpty()) {
                    Map<String, Double> logs = new LinkedHashMap<>();
                    logs.put("epoch", (double) epoch);
                    logs.put("step", (double) step);
                    logs.put("global_step", (double) run.globalStep);
                    logs.put("loss", lossAndNorm[0]);
                    logs.put("size", (double) b.size());
                    logs.put("lr", optimizer.lr());
                    if (!Double.isNaN(clipNorm)) logs.put("grad_norm", lossAndNorm[1]);
                    Map<String, Double> view = Collections.unmodifiableMap(logs);
                    for (Callback c : callbacks) c.onBatchEnd(step, view);
                }
                if (run.stopRequested()) break;
            }
        } finally {
            if (it instanceof DataLoader.Epoch<?> e) e.close();
        }
        if (seen == 0) throw new IllegalArgumentException("fit: the training data gave no batches in epoch " + epoch);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("epoch", (double) epoch);
        logs.put("train_loss", lossSum / seen);
        for (Metric m : metrics) m.values().forEach((k, v) -> logs.put("train_" + k, v));
        if (validation != null) evaluate(validation).forEach((k, v) -> logs.put("val_" + k, v));
        logs.put("lr", optimizer.lr());
        logs.put("seconds", (System.nanoTime() - t0) / 1e9);
        logs.put("samples_per_sec", seen / trainSeconds);
        run.history.add(logs);
        Map<String, Double> view = run.history.last();
        for (Callback c : callbacks) c.onEpochEnd(epoch, view);
    }

    /** One optimizer step; returns {loss, gradient norm (NaN without clipping)}. */
    private double[] trainStep(Run run, int epoch, int step, Batch b) {
        Tensor out = model.forward(b.x());
        Tensor l = loss.apply(out, b.y());
        if (l.numel() != 1) throw new IllegalArgumentException("fit: the loss function must return one value, got shape " + l.shape());
        double lv = l.item();
        if (!Double.isFinite(lv)) throw new NonFiniteLossException(epoch, step, run.globalStep, "loss", lv, run.history);
        // Gradients kept and zeroed in place (PyTorch's set_to_none=False): linear layers add into them, and a step
        // allocates no fresh weight-sized arrays (see BENCHMARKS.md, MLP training).
        optimizer.zeroGrad(false);
        l.backward();
        double norm = Double.NaN;
        if (!Double.isNaN(clipNorm)) {
            norm = Clip.clipGradNorm(optimizer.params(), clipNorm);
            if (!Double.isFinite(norm)) {
                optimizer.zeroGrad();
                throw new NonFiniteLossException(epoch, step, run.globalStep, "gradient norm", norm, run.history);
            }
        }
        optimizer.step();
        if (!metrics.isEmpty()) {
            try (var g = Grad.off()) {
                Tensor o = out.detach();
                for (Metric m : metrics) m.update(o, b.y());
            }
        }
        return new double[] {lv, norm};
    }

    /**
     * The mean loss (key {@code loss}) and every metric's values over the data, in evaluation mode
     * without recording the graph; the model's mode is restored after.
     */
    public Map<String, Double> evaluate(Iterable<Batch> data) {
        Objects.requireNonNull(data, "data");
        boolean wasTraining = model.isTraining();
        model.eval();
        metrics.forEach(Metric::reset);
        double sum = 0;
        long seen = 0;
        Iterator<Batch> it = data.iterator();
        try (var g = Grad.off()) {
            while (it.hasNext()) {
                Batch b = it.next();
                Tensor out = model.forward(b.x());
                sum += loss.apply(out, b.y()).item() * b.size();
                seen += b.size();
                for (Metric m : metrics) m.update(out, b.y());
            }
        } finally {
            if (it instanceof DataLoader.Epoch<?> e) e.close();
            if (wasTraining) model.train();
        }
        if (seen == 0) throw new IllegalArgumentException("evaluate: the data gave no batches");
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", sum / seen);
        for (Metric m : metrics) out.putAll(m.values());
        return out;
    }

    /** {@link #evaluate(Iterable)} over a dataset in batches of the eval batch size. */
    public Map<String, Double> evaluate(Dataset<Sample> data) {
        try (DataLoader<Batch> dl = DataLoader.of(data).batchSize(evalBatchSize).build()) {
            return evaluate(dl);
        }
    }

    /** The model's outputs for inputs [N, ...], computed in batches of the eval batch size, in evaluation mode, without recording. */
    public Tensor predict(Tensor x) {
        if (x.rank() == 0) throw new IllegalArgumentException("predict: expects inputs [N, ...], got a scalar");
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var g = Grad.off()) {
            int n = x.dim(0);
            if (n <= evalBatchSize) return model.forward(x);
            List<Tensor> outs = new ArrayList<>();
            for (int s = 0; s < n; s += evalBatchSize) outs.add(model.forward(x.narrow(0, s, Math.min(evalBatchSize, n - s))));
            return Tensor.cat(0, outs.toArray(Tensor[]::new));
        } finally {
            if (wasTraining) model.train();
        }
    }

    /** The live state of one fit, shown to callbacks. */
    private final class Run implements TrainContext {
        final History history;
        final int epochs;
        int epoch;
        long globalStep;
        boolean stop;

        Run(History history, int epochs) {
            this.history = history;
            this.epochs = epochs;
        }

        @Override public Module model() { return model; }
        @Override public Optimizer optimizer() { return optimizer; }
        @Override public History history() { return history; }
        @Override public int epochs() { return epochs; }
        @Override public int epoch() { return epoch; }
        @Override public long globalStep() { return globalStep; }
        @Override public boolean stopRequested() { return stop; }

        @Override
        public void requestStop(String reason) {
            stop = true;
            history.stop(Objects.requireNonNullElse(reason, "stop requested by a callback"));
        }
    }

    /** Settings of a trainer. Defaults: no metrics, no callbacks, no clipping, {@code Rng.seeded(0)}, eval batch size 256. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private final Criterion loss;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private double clipNorm = Double.NaN;
        private Rng rng = Rng.seeded(0);
        private int evalBatchSize = 256;

        private Builder(Module model, Optimizer optimizer, Criterion loss) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            this.loss = Objects.requireNonNull(loss, "loss");
        }

        /** Adds metrics, logged as {@code train_<name>} and {@code val_<name>}. */
        public Builder metrics(Metric... metrics) {
            for (Metric m : metrics) this.metrics.add(Objects.requireNonNull(m, "metric"));
            return this;
        }

        /** Adds callbacks; they run in the order added. */
        public Builder callbacks(Callback... callbacks) {
            for (Callback c : callbacks) this.callbacks.add(Objects.requireNonNull(c, "callback"));
            return this;
        }

        /** Clips the joint L2 norm of the gradients to maxNorm before each step ({@link Clip#clipGradNorm}). */
        public Builder clipGradNorm(double maxNorm) {
            if (!(maxNorm > 0)) throw new IllegalArgumentException("Trainer: clipGradNorm must be > 0, got " + maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /** The generator that shuffles datasets given to fit (each fit splits a new one from it). */
        public Builder rng(Rng rng) {
            this.rng = Objects.requireNonNull(rng, "rng");
            return this;
        }

        public Builder seed(long seed) {
            return rng(Rng.seeded(seed));
        }

        /** Batch size of validation, evaluate and predict. */
        public Builder evalBatchSize(int size) {
            if (size < 1) throw new IllegalArgumentException("Trainer: evalBatchSize must be >= 1, got " + size);
            this.evalBatchSize = size;
            return this;
        }

        public Trainer build() {
            Set<String> names = new HashSet<>();
            for (Metric m : metrics) {
                if (m.name().equals("loss") || !names.add(m.name())) {
                    throw new IllegalArgumentException("Trainer: metric name '" + m.name() + "' is used twice (or is 'loss')");
                }
            }
            return new Trainer(this);
        }
    }
}
