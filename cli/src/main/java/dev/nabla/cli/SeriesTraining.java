package dev.nabla.cli;

import dev.nabla.autograd.Grad;
import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.data.TimeSeries;
import dev.nabla.data.Windows;
import dev.nabla.io.SafeTensors;
import dev.nabla.kernel.Parallel;
import dev.nabla.loss.Loss;
import dev.nabla.models.LstmForecaster;
import dev.nabla.nn.Module;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Callback;
import dev.nabla.train.CsvLogger;
import dev.nabla.train.History;
import dev.nabla.train.JsonLogger;
import dev.nabla.train.ProgressPrinter;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nabla train --model lstm-forecaster --data csv:PATH --target COL}: forecasting one numeric column of a CSV
 * series. Windows of {@code --window} past values predict the next {@code --forecast-steps} values; the last
 * {@code --val-fraction} of the series (by time) validates. Values are standardized with the training part's
 * mean and std; errors are reported in the series' own units next to the naive forecast (the last value seen).
 */
final class SeriesTraining {
    static final String MODEL = "lstm-forecaster";
    static final String FORMAT = "nabla-forecaster/1";

    private SeriesTraining() {}

    static int run(TrainCommand o, Path dir, long start) throws IOException {
        if (!o.data.startsWith("csv:")) throw new IllegalArgumentException(MODEL + " trains on --data csv:PATH --target COLUMN, not '" + o.data + "'");
        if (o.target == null) throw new IllegalArgumentException(MODEL + " needs --target COLUMN: the numeric column to forecast");
        if (!(o.valFraction > 0)) throw new IllegalArgumentException(MODEL + " needs --val-fraction > 0: the end of the series validates");
        Path file = Path.of(o.data.substring(4));
        Tensor raw = TimeSeries.readCsv(file, o.target);
        int t = raw.dim(0);
        Windows windows = Windows.of(o.window).steps(o.forecastSteps);
        TimeSeries.Parts parts = TimeSeries.split(raw, 1 - o.valFraction);
        double mean = parts.train().mean().item();
        double std = Math.max(1e-12, Math.sqrt(parts.train().sub(mean).pow(2).mean().item()));
        Tensor series = raw.sub(mean).div(std).reshape(t, 1);
        TensorDataset[] tv = TimeSeries.splitWindows(series, 1 - o.valFraction, windows);
        int hidden = o.hidden == null ? 64 : ModelSpec.parseHidden(o.hidden)[0];
        int layers = o.hidden == null ? 1 : ModelSpec.parseHidden(o.hidden).length;
        Rng rng = Rng.seeded(o.seed);
        Module net = new LstmForecaster(1, hidden, layers, o.forecastSteps, 1, rng.split());
        Optimizer opt = new Adam(net.parameters(), o.lr);
        System.out.printf(Locale.ROOT, "model %s (%d parameters), data %s column %s: %d steps, %d train and %d validation windows of %d -> %d; %d threads%n",
                MODEL, net.parameterCount(), file, o.target, t, tv[0].size(), tv[1].size(), o.window, o.forecastSteps, Parallel.threads());

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", MODEL);
        fields.put("data", o.data);
        fields.put("target", o.target);
        fields.put("parameters", net.parameterCount());
        Trainer trainer = Trainer.of(net, opt, (y, target) -> Loss.mse(y, target.reshape(y.dims())))
                .callbacks(new CsvLogger(dir.resolve("history.csv")), new JsonLogger(dir.resolve("metrics.json"), fields),
                        new ProgressPrinter(System.out))
                .clipGradNorm(o.clipNorm != null ? o.clipNorm : 1.0).build();
        History history;
        try (DataLoader<Batch> tl = DataLoader.of(tv[0]).batchSize(o.batchSize).shuffle(rng.split()).build()) {
            history = trainer.fit(tl, DataLoader.of(tv[1]).batchSize(256).build(), o.epochs);
        }

        double[] model = errors(trainer.predict(tv[1].x()).reshape(-1), tv[1].y().reshape(-1), std);
        Tensor last = tv[1].x().select(1, o.window - 1).reshape(-1, 1).expand(tv[1].size(), o.forecastSteps).reshape(-1);
        double[] naive = errors(last, tv[1].y().reshape(-1), std);
        double total = (System.nanoTime() - start) / 1e9;
        fields.put("val_rmse", model[0]);
        fields.put("val_mae", model[1]);
        fields.put("naive_val_rmse", naive[0]);
        fields.put("naive_val_mae", naive[1]);
        fields.put("total_seconds", total);
        fields.put("seed", o.seed);
        Files.writeString(dir.resolve("metrics.json"), JsonLogger.toJson(fields, history));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", MODEL);
        meta.put("hidden", Integer.toString(hidden));
        meta.put("layers", Integer.toString(layers));
        meta.put("window", Integer.toString(o.window));
        meta.put("steps", Integer.toString(o.forecastSteps));
        meta.put("mean", Double.toString(mean));
        meta.put("std", Double.toString(std));
        SafeTensors.save(net.stateDict(), meta, dir.resolve("model.safetensors"));
        Curves.write(dir.resolve("curves.png"), history);
        System.out.printf(Locale.ROOT, "validation RMSE %.4g, MAE %.4g (naive last value: RMSE %.4g, MAE %.4g)  (%.1fs)%n",
                model[0], model[1], naive[0], naive[1], total);
        System.out.println("wrote " + dir.resolve("metrics.json") + ", history.csv, curves.png, model.safetensors");
        return 0;
    }

    /** RMSE and MAE between standardized predictions and targets, in the series' units. */
    private static double[] errors(Tensor pred, Tensor target, double std) {
        try (var g = Grad.off()) {
            Tensor d = pred.sub(target).mul(std);
            return new double[] {Math.sqrt(d.pow(2).mean().item()), d.abs().mean().item()};
        }
    }
}
