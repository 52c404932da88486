package dev.nabla.cli;

import dev.nabla.data.Batch;
import dev.nabla.data.text.TextCorpus;
import dev.nabla.io.AtomicWrite;
import dev.nabla.io.SafeTensors;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.Criterion;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Module;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.CosineAnnealingLR;
import dev.nabla.tensor.Rng;
import dev.nabla.train.Callback;
import dev.nabla.train.CsvLogger;
import dev.nabla.train.History;
import dev.nabla.train.JsonLogger;
import dev.nabla.train.ProgressPrinter;
import dev.nabla.train.ScheduleCallback;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nabla train --model char-lstm|gpt-small --data text[:PATH]}: a character-level language model
 * on a text file (or the embedded text), trained on random windows, validated on the held-out end of the
 * text in bits per character, with a sample printed after every epoch.
 */
final class TextTraining {
    private TextTraining() {}

    static boolean wants(String model, String data) {
        return LanguageModelSpec.MODELS.contains(model) || data.equals("text") || data.startsWith("text:");
    }

    static int run(TrainCommand o, Path dir, long start) throws IOException {
        TextCorpus corpus = o.data.equals("text") ? TextCorpus.embedded() : corpus(o.data);
        Rng rng = Rng.seeded(o.seed);
        LanguageModelSpec spec = LanguageModelSpec.of(o.model, corpus.vocabSize(), o.hidden, o.heads, o.seqLen, o.dropout);
        Module net = spec.build(rng.split());
        double wd = o.weightDecay != null ? o.weightDecay : 0.01;
        Optimizer opt = AdamW.of(net.parameters()).lr(o.lr).with(c -> c.withWeightDecay(wd)).build();
        int stepsPerEpoch = o.stepsPerEpoch != null ? o.stepsPerEpoch
                : Math.max(1, corpus.size(TextCorpus.Part.TRAIN) / (o.batchSize * o.seqLen));
        System.out.printf(Locale.ROOT, "model %s (%d parameters), data %s: %d train and %d validation tokens, vocabulary %d; "
                        + "%d steps of %d x %d per epoch, adamw lr %g, %d threads%n",
                o.model, net.parameterCount(), corpus.name(), corpus.size(TextCorpus.Part.TRAIN), corpus.size(TextCorpus.Part.VALIDATION),
                corpus.vocabSize(), stepsPerEpoch, o.batchSize, o.seqLen, o.lr, Parallel.threads());

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", o.model);
        fields.put("data", o.data);
        fields.put("parameters", net.parameterCount());
        fields.put("unigram_bits_per_char", unigramBits(corpus));
        Rng sampling = rng.split();
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new CsvLogger(dir.resolve("history.csv")));
        callbacks.add(new JsonLogger(dir.resolve("metrics.json"), fields));
        var sched = new CosineAnnealingLR(opt, o.epochs * stepsPerEpoch);
        callbacks.add(ScheduleCallback.perBatch((op, i, logs) -> sched.step()));
        callbacks.add(new ProgressPrinter(System.out));
        callbacks.add(new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                System.out.printf(Locale.ROOT, "  val %.3f bits/char; sample: %s%n", logs.get("val_loss") / Math.log(2),
                        oneLine(sample(net, corpus, o.sampleLength, o.temperature, sampling)));
            }
        });
        Criterion loss = (logits, y) -> Loss.crossEntropy(logits.reshape(-1, logits.dim(-1)), y.reshape(-1));
        Trainer trainer = Trainer.of(net, opt, loss).clipGradNorm(o.clipNorm != null ? o.clipNorm : 1.0)
                .callbacks(callbacks.toArray(Callback[]::new)).evalBatchSize(o.batchSize).build();
        Rng batches = rng.split();
        Iterable<Batch> train = () -> new Iterator<>() {
            int left = stepsPerEpoch;

            @Override public boolean hasNext() { return left > 0; }

            @Override public Batch next() {
                left--;
                return corpus.randomBatch(TextCorpus.Part.TRAIN, o.batchSize, o.seqLen, batches);
            }
        };
        List<Batch> val = corpus.size(TextCorpus.Part.VALIDATION) >= 2 * o.seqLen
                ? corpus.sequentialBatches(TextCorpus.Part.VALIDATION, Math.min(o.batchSize, corpus.size(TextCorpus.Part.VALIDATION) / (o.seqLen + 1)), o.seqLen)
                : null;
        History history = trainer.fit(train, val, o.epochs);

        double total = (System.nanoTime() - start) / 1e9;
        double valLoss = history.last().getOrDefault("val_loss", Double.NaN);
        fields.put("val_loss", valLoss);
        fields.put("val_bits_per_char", valLoss / Math.log(2));
        fields.put("total_seconds", total);
        fields.put("seed", o.seed);
        fields.put("threads", Parallel.threads());
        fields.put("sample", sample(net, corpus, o.sampleLength, o.temperature, sampling));
        AtomicWrite.writeString(dir.resolve("metrics.json"), JsonLogger.toJson(fields, history));
        corpus.tokenizer().save(dir.resolve("tokenizer.json"));
        SafeTensors.save(net.stateDict(), spec.toMetadata(), dir.resolve("model.safetensors"));
        Curves.write(dir.resolve("curves.png"), history);
        System.out.printf(Locale.ROOT, "validation %.3f bits/char (unigram baseline %.3f)  (%.1fs)%n",
                valLoss / Math.log(2), (double) fields.get("unigram_bits_per_char"), total);
        System.out.println("wrote " + dir.resolve("metrics.json") + ", history.csv, curves.png, model.safetensors, tokenizer.json");
        return 0;
    }

    private static TextCorpus corpus(String data) {
        if (!data.startsWith("text:")) throw new IllegalArgumentException("language models train on --data text or text:PATH, not '" + data + "'");
        return TextCorpus.read(Path.of(data.substring("text:".length())));
    }

    /** Entropy in bits of the training part's character frequencies, applied to the validation part. */
    static double unigramBits(TextCorpus corpus) {
        int v = corpus.vocabSize();
        double[] counts = new double[v];
        for (int id : corpus.ids(TextCorpus.Part.TRAIN)) counts[id]++;
        double n = corpus.size(TextCorpus.Part.TRAIN) + v; // add-one smoothing: unseen characters keep a finite cost
        int[] val = corpus.ids(corpus.size(TextCorpus.Part.VALIDATION) > 0 ? TextCorpus.Part.VALIDATION : TextCorpus.Part.TRAIN);
        double bits = 0;
        for (int id : val) bits -= Math.log((counts[id] + 1) / n) / Math.log(2);
        return bits / val.length;
    }

    /** The first 16 validation tokens, then {@code length} tokens sampled from the model after them. */
    static String sample(Module net, TextCorpus corpus, int length, double temperature, Rng rng) {
        int[] ids = corpus.ids(corpus.size(TextCorpus.Part.VALIDATION) > 0 ? TextCorpus.Part.VALIDATION : TextCorpus.Part.TRAIN);
        int[] prompt = java.util.Arrays.copyOf(ids, Math.min(16, ids.length));
        int[] drawn = LanguageModelSpec.sample(net, prompt, length, temperature, rng);
        int[] all = java.util.Arrays.copyOf(prompt, prompt.length + drawn.length);
        System.arraycopy(drawn, 0, all, prompt.length, drawn.length);
        return corpus.tokenizer().decode(all);
    }

    private static String oneLine(String s) {
        return s.replace("\n", "⏎");
    }
}
