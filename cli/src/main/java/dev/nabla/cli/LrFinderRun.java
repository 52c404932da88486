package dev.nabla.cli;

import dev.nabla.data.Batch;
import dev.nabla.data.DataLoader;
import dev.nabla.data.TensorDataset;
import dev.nabla.loss.Criterion;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.schedule.LrFinder;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code nabla train --find-lr}: the learning-rate range test on the training data, written as
 * lr_finder.csv and lr_finder.png (smoothed loss against a log-scaled lr) with the suggested lr.
 */
final class LrFinderRun {
    private LrFinderRun() {}

    /** Runs the test (the model and optimizer are restored afterwards) and returns the suggested lr. */
    static double run(Module net, Optimizer opt, Criterion loss, TensorDataset train, int batchSize, Rng rng, Path dir) throws IOException {
        net.train();
        try (DataLoader<Batch> loader = DataLoader.of(train).batchSize(batchSize).shuffle(rng).dropLast(true).build()) {
            Iterator<Batch>[] it = new Iterator[] {loader.iterator()};
            LrFinder.Result r = new LrFinder(LrFinder.Options.DEFAULT).run(opt, () -> {
                if (!it[0].hasNext()) it[0] = loader.iterator();
                Batch b = it[0].next();
                Tensor l = loss.apply(net.forward(b.x()), b.y());
                l.backward();
                return l.item();
            });
            double suggested = r.steepestLr();
            StringBuilder csv = new StringBuilder("lr,loss,smoothed_loss\n");
            for (LrFinder.Point p : r.points()) csv.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g%n", p.lr(), p.loss(), p.smoothedLoss()));
            Files.writeString(dir.resolve("lr_finder.csv"), csv);
            plot(r.points(), suggested, dir.resolve("lr_finder.png"));
            System.out.printf(Locale.ROOT, "lr range test: %d steps%s; lowest smoothed loss at lr %.3g, steepest descent at lr %.3g (suggested)%n",
                    r.points().size(), r.diverged() ? " (stopped: loss diverged)" : "", r.minLossLr(), suggested);
            System.out.println("wrote " + dir.resolve("lr_finder.csv") + ", lr_finder.png");
            return suggested;
        }
    }

    private static void plot(List<LrFinder.Point> points, double suggested, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(640).height(420).title("Learning-rate range test")
                .xAxisTitle("learning rate").yAxisTitle("loss (smoothed)").build();
        c.getStyler().setXAxisLogarithmic(true).setMarkerSize(0).setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] lr = points.stream().mapToDouble(LrFinder.Point::lr).toArray();
        double[] sm = points.stream().mapToDouble(LrFinder.Point::smoothedLoss).toArray();
        c.addSeries("smoothed loss", lr, sm);
        double lo = java.util.Arrays.stream(sm).filter(Double::isFinite).min().orElse(0);
        double hi = java.util.Arrays.stream(sm).filter(Double::isFinite).max().orElse(1);
        c.addSeries(String.format(Locale.ROOT, "suggested %.2g", suggested), new double[] {suggested, suggested}, new double[] {lo, hi});
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Path written = tmp.resolveSibling(tmp.getFileName() + ".png"); // xchart appends the extension
        Files.move(Files.exists(written) ? written : tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
