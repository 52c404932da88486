package dev.nabla.cli;

import dev.nabla.autograd.Grad;
import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Module;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla predict}: classifies rows of comma-separated features with a model written by train. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict classes for CSV rows of features (one sample per line; '-' reads standard input).",
                "For a language model: continue the --input text (a prompt; '-' reads standard input)."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model-file", required = true, description = "model.safetensors written by nabla train")
    Path modelFile;
    @Option(names = "--input", required = true, description = "CSV file of feature rows (a non-numeric first line is taken as a header), or -; "
            + "for a language model the prompt text, or -")
    String input;
    @Option(names = "--length", defaultValue = "200", description = "language models: tokens to generate (default: ${DEFAULT-VALUE})")
    int length;
    @Option(names = "--temperature", defaultValue = "0.8", description = "language models: sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--seed", defaultValue = "42", description = "language models: sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        var contents = SavedModel.read(modelFile);
        if (SavedLanguageModel.is(contents)) {
            if (!(temperature > 0) || length < 0) throw new IllegalArgumentException("--temperature must be > 0 and --length >= 0");
            String prompt = input.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : input;
            System.out.println(SavedLanguageModel.of(modelFile, contents).complete(prompt, length, temperature, dev.nabla.tensor.Rng.seeded(seed)));
            return 0;
        }
        SavedModel saved = SavedModel.of(modelFile, contents);
        ModelSpec spec = saved.spec();
        Module net = saved.net();
        net.eval();
        float[] x = readRows(spec.inputs());
        int n = x.length / spec.inputs();
        Tensor probs;
        try (var g = Grad.off()) {
            probs = net.forward(Tensor.wrap(x, n, spec.inputs())).softmax(1);
        }
        float[] p = probs.toFloatArray();
        int k = spec.classes();
        for (int i = 0; i < n; i++) {
            int best = 0;
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < k; j++) {
                if (p[i * k + j] > p[i * k + best]) best = j;
                sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", p[i * k + j]));
            }
            System.out.printf(Locale.ROOT, "{\"row\": %d, \"class\": %d, \"probabilities\": [%s]}%n", i, best, sb);
        }
        return 0;
    }

    private float[] readRows(int width) throws IOException {
        String where = input.equals("-") ? "<stdin>" : input;
        List<String> lines;
        if (input.equals("-")) {
            lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
        } else {
            Path f = Path.of(input);
            if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--input " + input + ": no such file");
            lines = Files.readAllLines(f);
        }
        List<float[]> rows = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty()) continue;
            String[] fields = line.split(",");
            if (rows.isEmpty() && ln == 0 && !isNumber(fields[0].trim())) continue;
            if (fields.length != width) {
                throw new IllegalArgumentException(where + ":" + (ln + 1) + ": " + fields.length + " values, the model expects " + width);
            }
            float[] r = new float[width];
            for (int j = 0; j < width; j++) {
                try {
                    r[j] = Float.parseFloat(fields[j].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ":" + (ln + 1) + ":" + (j + 1) + ": not a number: '" + fields[j].trim() + "'");
                }
            }
            rows.add(r);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(where + ": no rows to predict");
        float[] x = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, x, i * width, width);
        return x;
    }

    private static boolean isNumber(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
