package dev.nabla.cli;

import dev.nabla.io.SafeTensors;
import dev.nabla.loss.Loss;
import dev.nabla.train.Metric;
import dev.nabla.autograd.Grad;
import dev.nabla.data.TensorDataset;
import dev.nabla.data.text.TextCorpus;
import dev.nabla.tensor.Tensor;
import dev.nabla.kernel.Parallel;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla eval}: reloads a model written by train and reports test loss and accuracy. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a saved model on a test set.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, description = "model.safetensors written by nabla train")
    Path modelFile;
    @Option(names = "--data", description = "as for train (default: digits; text for language models)")
    String data;
    @Option(names = "--data-dir")
    Path dataDir;
    @Option(names = "--label", description = "label column of csv data (default: the last column)")
    String label;
    @Option(names = "--threads")
    Integer threads;

    @Override
    public Integer call() {
        if (threads != null) Parallel.setThreads(threads);
        var contents = SavedModel.read(modelFile);
        if (SavedLanguageModel.is(contents)) {
            SavedLanguageModel lm = SavedLanguageModel.of(modelFile, contents);
            TextCorpus corpus = data == null || data.equals("text") ? TextCorpus.embedded(lm.tokenizer(), TextCorpus.DEFAULT_VALIDATION_FRACTION)
                    : TextCorpus.read(Path.of(data.startsWith("text:") ? data.substring(5) : data), lm.tokenizer(), TextCorpus.DEFAULT_VALIDATION_FRACTION);
            System.out.println(SavedLanguageModel.report(lm.evaluate(corpus, 32), corpus.size(TextCorpus.Part.VALIDATION)));
            return 0;
        }
        if (data == null) data = "digits";
        SavedModel saved = SavedModel.of(modelFile, contents);
        ModelSpec spec = saved.spec();
        Module net = saved.net();
        var split = DataSource.load(data, dataDir, label);
        net.eval();
        Metric accuracy = Metric.accuracy();
        double lossSum = 0;
        try (var g = Grad.off()) {
            for (TensorDataset b : split.test().batches(1024, null, false)) {
                Tensor logits = net.forward(b.x());
                lossSum += Loss.crossEntropy(logits, b.y()).item() * b.size();
                accuracy.update(logits, b.y());
            }
        }
        System.out.printf(Locale.ROOT, "{\"test_loss\": %.6f, \"test_accuracy\": %.6f, \"samples\": %d}%n",
                lossSum / split.test().size(), accuracy.compute(), split.test().size());
        return 0;
    }
}
