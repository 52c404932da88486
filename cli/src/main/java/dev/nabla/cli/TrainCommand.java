package dev.nabla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nabla.autograd.Grad;
import dev.nabla.data.TensorDataset;
import dev.nabla.io.SafeTensors;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.Sgd;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
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
import picocli.CommandLine.Option;

/** {@code nabla train}: trains a classifier and writes metrics, history, curves and the model. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model (default: an MLP on the embedded digits set).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "mlp or logreg (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--data", defaultValue = "digits", description = "digits (embedded) or fashion-mnist (default: ${DEFAULT-VALUE})")
    String data;
    @Option(names = "--data-dir", description = "directory of the Fashion-MNIST IDX files (default: Debian's dataset-fashion-mnist)")
    Path dataDir;
    @Option(names = "--epochs", defaultValue = "20")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "32")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum, adam or adamw")
    String optimizer;
    @Option(names = "--lr", defaultValue = "1e-3")
    double lr;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Option(names = "--threads", description = "kernel threads (default: all cores)")
    Integer threads;
    @Option(names = "--out", description = "output directory (default: runs/<model>-<data>-<timestamp>)")
    Path out;
    @Option(names = "--hidden", defaultValue = "128,64", description = "hidden sizes of the mlp")
    String hidden;
    @Option(names = "--activation", defaultValue = "relu")
    String activation;
    @Option(names = "--dropout", defaultValue = "0")
    double dropout;
    @Option(names = "--val-fraction", defaultValue = "0.1", description = "share of the training set held out for validation")
    double valFraction;

    record EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                      double lr, double seconds, double samplesPerSec) {}

    @Override
    public Integer call() throws IOException {
        if (epochs <= 0) throw new IllegalArgumentException("--epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        if (threads != null) Parallel.setThreads(threads);
        long start = System.nanoTime();
        Rng rng = Rng.seeded(seed);
        DataSource.Split split = DataSource.load(data, dataDir);
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
        TensorDataset train = split.train();
        TensorDataset val = null;
        if (valFraction > 0) {
            TensorDataset[] tv = split.train().split(1 - valFraction, rng.split());
            train = tv[0];
            val = tv[1];
        }
        ModelSpec spec = new ModelSpec(model, (int) (train.x().numel() / train.size()), ModelSpec.parseHidden(hidden),
                activation, dropout, split.train().numClasses());
        Module net = spec.build(rng.split());
        Optimizer opt = optimizer(net.parameters());
        Path dir = out != null ? out : Path.of("runs", model + "-" + data + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "model %s (%d parameters), data %s: %d train, %d validation, %d test%n",
                model, net.parameterCount(), data, train.size(), val == null ? 0 : val.size(), split.test().size());

        List<EpochStats> history = new ArrayList<>();
        Rng shuffle = rng.split();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.train();
            long t0 = System.nanoTime();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            int step = 0;
            for (TensorDataset batch : train.batches(batchSize, shuffle, false)) {
                step++;
                Tensor logits = net.forward(batch.x());
                Tensor loss = Loss.crossEntropy(logits, batch.y());
                double l = loss.item();
                if (!Double.isFinite(l)) {
                    throw new ArithmeticException("training stopped: loss is " + l + " at epoch " + epoch + ", step " + step
                            + "; weights were not updated with it (try a smaller --lr)");
                }
                opt.zeroGrad();
                loss.backward();
                opt.step();
                lossSum += l * batch.size();
                correct += countCorrect(logits, batch.y());
                seen += batch.size();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double[] v = val == null ? new double[] {Double.NaN, Double.NaN} : evaluate(net, val);
            EpochStats s = new EpochStats(epoch, lossSum / seen, (double) correct / seen, v[0], v[1], opt.lr(), secs, seen / secs);
            history.add(s);
            System.out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.1fs  %.0f samples/s%n",
                    epoch, epochs, s.trainLoss, s.trainAccuracy, s.valLoss, s.valAccuracy, secs, s.samplesPerSec);
        }
        double[] test = evaluate(net, split.test());
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "test_loss %.4f  test_accuracy %.4f  (%.1fs)%n", test[0], test[1], total);

        SafeTensors.save(net.stateDict(), spec.toMetadata(), dir.resolve("model.safetensors"));
        writeMetrics(dir, net, test, total, history);
        writeHistory(dir, history);
        Curves.write(dir.resolve("curves.png"), history);
        System.out.println("wrote " + dir.resolve("metrics.json") + ", history.csv, curves.png, model.safetensors");
        return 0;
    }

    private Optimizer optimizer(List<Tensor> params) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(params, lr);
            case "momentum" -> new Sgd(params, lr, 0.9, 0, false, 0);
            case "adam" -> new Adam(params, lr);
            case "adamw" -> Adam.adamW(params, lr, 0.01);
            default -> throw new IllegalArgumentException("unknown --optimizer '" + optimizer + "' (known: sgd, momentum, adam, adamw)");
        };
    }

    static long countCorrect(Tensor logits, Tensor y) {
        try (var g = Grad.off()) {
            return (long) logits.argmax(1, false).eq(y).toFloat().sum().item();
        }
    }

    /** Mean loss and accuracy over a dataset, in eval mode, without recording. */
    static double[] evaluate(Module net, TensorDataset set) {
        net.eval();
        try (var g = Grad.off()) {
            double loss = 0;
            long correct = 0;
            for (TensorDataset b : set.batches(1024, null, false)) {
                Tensor logits = net.forward(b.x());
                loss += Loss.crossEntropy(logits, b.y()).item() * b.size();
                correct += countCorrect(logits, b.y());
            }
            return new double[] {loss / set.size(), (double) correct / set.size()};
        } finally {
            net.train();
        }
    }

    private void writeMetrics(Path dir, Module net, double[] test, double total, List<EpochStats> history) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("data", data);
        m.put("parameters", net.parameterCount());
        m.put("test_loss", test[0]);
        m.put("test_accuracy", test[1]);
        m.put("total_seconds", total);
        m.put("seed", seed);
        m.put("threads", Parallel.threads());
        List<Map<String, Object>> epochsOut = new ArrayList<>();
        for (EpochStats s : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", s.epoch);
            e.put("train_loss", s.trainLoss);
            e.put("train_accuracy", s.trainAccuracy);
            e.put("val_loss", Double.isNaN(s.valLoss) ? null : s.valLoss);
            e.put("val_accuracy", Double.isNaN(s.valAccuracy) ? null : s.valAccuracy);
            e.put("lr", s.lr);
            e.put("seconds", s.seconds);
            e.put("samples_per_sec", s.samplesPerSec);
            epochsOut.add(e);
        }
        m.put("epochs", epochsOut);
        Path tmp = dir.resolve("metrics.json.tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), m);
        Files.move(tmp, dir.resolve("metrics.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeHistory(Path dir, List<EpochStats> history) throws IOException {
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples_per_sec\n");
        for (EpochStats s : history) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%g,%.3f,%.1f%n", s.epoch, s.trainLoss, s.trainAccuracy,
                    s.valLoss, s.valAccuracy, s.lr, s.seconds, s.samplesPerSec));
        }
        Files.writeString(dir.resolve("history.csv"), sb);
    }
}
