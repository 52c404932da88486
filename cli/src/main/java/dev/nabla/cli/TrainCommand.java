package dev.nabla.cli;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.SafeTensors;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.Criterion;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.optim.schedule.ReduceLROnPlateau;
import dev.nabla.tensor.Rng;
import dev.nabla.train.Callback;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.CsvLogger;
import dev.nabla.train.EarlyStopping;
import dev.nabla.train.History;
import dev.nabla.train.JsonLogger;
import dev.nabla.train.Metric;
import dev.nabla.train.ProgressPrinter;
import dev.nabla.train.ScheduleCallback;
import dev.nabla.train.Trainer;
import dev.nabla.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla train}: trains a classifier and writes metrics, history, curves and the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model (default: an MLP on the embedded digits set).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp, logreg, lenet, resnet-small, vgg-small, densenet-small; "
            + "char-lstm, gpt-small (language models, --data text[:PATH]); lstm-forecaster (--data csv:PATH --target COL) (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--data", description = DataSource.KNOWN + ", text (embedded), text:PATH (default: digits; text for language models)")
    String data;
    @Option(names = "--label", description = "label column of csv data (default: the last column)")
    String label;
    @Option(names = "--data-dir", description = "directory of the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)")
    Path dataDir;
    @Option(names = "--epochs", defaultValue = "20", description = "default: ${DEFAULT-VALUE}")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "32", description = "default: ${DEFAULT-VALUE}")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "adam", description = OptimizerFactory.OPTIMIZERS + " (default: ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--weight-decay", description = "L2 (decoupled for adamw); default 0, 0.01 for adamw")
    Double weightDecay;
    @Option(names = "--schedule", defaultValue = "none", description = OptimizerFactory.SCHEDULES + " (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--step-size", defaultValue = "5", description = "epochs between decays of the step schedule (default: ${DEFAULT-VALUE})")
    int stepSize;
    @Option(names = "--gamma", defaultValue = "0.5", description = "decay factor of the step/exponential schedules (default: ${DEFAULT-VALUE})")
    double gamma;
    @Option(names = "--hidden", description = "hidden sizes, one per layer (default: 128,64 for mlp; 256 for char-lstm; 128,128 for gpt-small)")
    String hidden;
    @Option(names = "--seq-len", defaultValue = "64", description = "language models: training window in tokens (default: ${DEFAULT-VALUE})")
    int seqLen;
    @Option(names = "--steps-per-epoch", description = "language models: batches per epoch (default: one pass over the training text)")
    Integer stepsPerEpoch;
    @Option(names = "--sample-length", defaultValue = "200", description = "language models: characters sampled after each epoch (default: ${DEFAULT-VALUE})")
    int sampleLength;
    @Option(names = "--temperature", defaultValue = "0.8", description = "language models: sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--heads", defaultValue = "4", description = "gpt-small: attention heads (default: ${DEFAULT-VALUE})")
    int heads;
    @Option(names = "--target", description = "lstm-forecaster: the CSV column to forecast")
    String target;
    @Option(names = "--window", defaultValue = "24", description = "lstm-forecaster: past values per input window (default: ${DEFAULT-VALUE})")
    int window;
    @Option(names = "--forecast-steps", defaultValue = "1", description = "lstm-forecaster: future values predicted at once (default: ${DEFAULT-VALUE})")
    int forecastSteps;
    @Option(names = "--activation", defaultValue = "relu", description = "default: ${DEFAULT-VALUE}")
    String activation;
    @Option(names = "--dropout", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
    double dropout;
    @Option(names = "--plateau-patience", defaultValue = "2",
            description = "epochs without val_loss improvement before the plateau schedule multiplies the lr by --gamma (default: ${DEFAULT-VALUE})")
    int plateauPatience;
    @Option(names = "--balance", defaultValue = "none",
            description = "class imbalance: none, weights (balanced class weights in the loss), oversample, undersample (default: ${DEFAULT-VALUE})")
    String balance;
    @Option(names = "--label-smoothing", defaultValue = "0", description = "cross-entropy label smoothing (default: ${DEFAULT-VALUE})")
    double labelSmoothing;
    @Option(names = "--find-lr", description = "run the learning-rate range test instead of training: writes lr_finder.png/csv, prints the suggested lr")
    boolean findLr;
    @Option(names = "--clip-norm", description = "clip the gradient norm to this value")
    Double clipNorm;
    @Option(names = "--early-stopping", description = "stop after this many epochs without val_loss improvement (restores the best weights)")
    Integer patience;
    @Option(names = "--val-fraction", defaultValue = "0.1", description = "share of the training set held out for validation (default: ${DEFAULT-VALUE})")
    double valFraction;
    @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
    long seed;
    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;
    @Option(names = "--out", description = "output directory (default: runs/<model>-<data>-<timestamp>)")
    Path out;
    @Option(names = "--resume", description = "continue the run saved in this checkpoint.safetensors (same options; --epochs is the total)")
    Path resume;
    @Mixin
    AugmentOptions augment = new AugmentOptions();

    @Override
    public Integer call() throws IOException {
        if (epochs <= 0) throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
        if (threads != null) Parallel.setThreads(threads);
        long start = System.nanoTime();
        if (data == null) data = LanguageModelSpec.MODELS.contains(model) ? "text" : "digits";
        if (model.equals(SeriesTraining.MODEL)) return SeriesTraining.run(this, outputDir(), start);
        if (TextTraining.wants(model, data)) {
            if (seqLen < 1) throw new IllegalArgumentException("--seq-len must be positive, got " + seqLen);
            if (!(temperature > 0)) throw new IllegalArgumentException("--temperature must be > 0, got " + temperature);
            return TextTraining.run(this, outputDir(), start);
        }
        Rng rng = Rng.seeded(seed);
        DataSource.Split split = DataSource.load(data, dataDir, label);
        TensorDataset train = split.train();
        TensorDataset val = null;
        if (valFraction > 0) {
            TensorDataset[] tv = split.train().split(1 - valFraction, rng.split());
            train = tv[0];
            val = tv[1];
        }
        train = Balance.resample(balance, train, rng.split());
        ModelSpec spec = new ModelSpec(model, (int) (train.x().numel() / train.size()), ModelSpec.parseHidden(hidden != null ? hidden : "128,64"),
                activation, dropout, split.train().numClasses());
        if (augment.active()) augment.build(spec.inputs(), spec.classes(), Rng.seeded(0)); // bad options fail before any work
        Module net = SavedModel.build(spec, split.mean(), split.std(), rng.split());
        double wd = weightDecay != null ? weightDecay : optimizer.equalsIgnoreCase("adamw") ? 0.01 : 0;
        Optimizer opt = OptimizerFactory.optimizer(optimizer, net.parameters(), lr, wd);
        int stepsPerEpoch = (train.size() + batchSize - 1) / batchSize;
        boolean[] perBatch = new boolean[1];
        boolean plateau = schedule.equalsIgnoreCase("plateau");
        LrScheduler sched = plateau ? null : OptimizerFactory.schedule(schedule, opt, lr, epochs, stepsPerEpoch, stepSize, gamma, perBatch);
        Criterion criterion = Balance.loss(balance, labelSmoothing, train, split.train().numClasses());
        Path dir = outputDir();
        if (findLr) {
            LrFinderRun.run(net, opt, criterion, train, batchSize, rng.split(), dir);
            return 0;
        }
        System.out.printf(Locale.ROOT, "model %s (%d parameters), data %s: %d train, %d validation, %d test; %s lr %g, %d threads%n",
                model, net.parameterCount(), data, train.size(), val == null ? 0 : val.size(), split.test().size(),
                optimizer, lr, Parallel.threads());

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", model);
        fields.put("data", data);
        fields.put("parameters", net.parameterCount());
        if (augment.active()) fields.put("augment", augment.describe());
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new CsvLogger(dir.resolve("history.csv")));
        callbacks.add(new JsonLogger(dir.resolve("metrics.json"), fields));
        if (sched != null) {
            callbacks.add(perBatch[0] ? ScheduleCallback.perBatch((o, i, logs) -> sched.step())
                    : ScheduleCallback.perEpoch((o, i, logs) -> sched.step()));
        }
        if (plateau) {
            if (val == null) throw new IllegalArgumentException("--schedule plateau needs validation data (--val-fraction > 0)");
            var p = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Options.DEFAULT.withFactor(gamma).withPatience(plateauPatience));
            callbacks.add(ScheduleCallback.perEpoch((o, i, logs) -> p.step(logs.get("val_loss"))));
        }
        if (patience != null) {
            if (val == null) throw new IllegalArgumentException("--early-stopping needs validation data (--val-fraction > 0)");
            callbacks.add(new EarlyStopping("val_loss", patience));
        }
        if (TerminalProgress.interactive()) callbacks.add(new TerminalProgress(stepsPerEpoch, epochs));
        callbacks.add(new ProgressPrinter(System.out));
        Rng shuffle = rng.split();
        History done = new History();
        if (resume != null) {
            Checkpoint c = Checkpoint.load(resume);
            c.restore(net, opt, sched, shuffle);
            done = c.history();
            System.out.printf(Locale.ROOT, "resuming after epoch %d of %s%n", c.epoch(), resume);
        }
        callbacks.add(new TrainingCheckpoint(dir.resolve("checkpoint.safetensors"), sched, shuffle)); // after the schedule steps
        Trainer.Builder builder = Trainer.of(net, opt, criterion).metrics(Metric.accuracy())
                .callbacks(callbacks.toArray(Callback[]::new));
        if (clipNorm != null) builder.clipGradNorm(clipNorm);
        Trainer trainer = builder.build();
        History history;
        DataLoader.Builder<Batch> loader = DataLoader.of(train).batchSize(batchSize).shuffle(shuffle);
        if (augment.active()) loader = loader.map(augment.build(spec.inputs(), spec.classes(), rng.split()));
        try (DataLoader<Batch> tl = loader.build()) {
            DataLoader<Batch> vl = val == null ? null : DataLoader.of(val).batchSize(256).build();
            history = trainer.fit(tl, vl, epochs, done);
        }

        Map<String, Double> test = trainer.evaluate(split.test());
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "test_loss %.4f  test_accuracy %.4f  (%.1fs)%n", test.get("loss"), test.get("accuracy"), total);
        Map<String, String> meta = spec.toMetadata();
        if (split.mean() != null) meta.put(SavedModel.NORMALIZED, "true");
        SafeTensors.save(net.stateDict(), meta, dir.resolve("model.safetensors"));
        fields.put("test_loss", test.get("loss"));
        fields.put("test_accuracy", test.get("accuracy"));
        fields.put("total_seconds", total);
        fields.put("seed", seed);
        fields.put("threads", Parallel.threads());
        writeAtomically(dir.resolve("metrics.json"), JsonLogger.toJson(fields, history));
        Curves.write(dir.resolve("curves.png"), history);
        System.out.println("wrote " + dir.resolve("metrics.json") + ", history.csv, curves.png, model.safetensors, checkpoint.safetensors");
        return 0;
    }

    /** --out, or runs/MODEL-DATA-TIMESTAMP; created if missing. */
    private Path outputDir() throws IOException {
        String dataName = data.startsWith("csv:") || data.startsWith("text:") ? data.substring(0, data.indexOf(':')) : data;
        Path dir = out != null ? out : Path.of("runs", model + "-" + dataName + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        return dir;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
