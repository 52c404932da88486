package dev.nabla.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.nabla.train.History;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** curves.png: loss and accuracy per epoch, train and validation, side by side. */
final class Curves {
    private Curves() {}

    static void write(Path file, History history) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] x = history.series("epoch");
        boolean hasVal = history.keys().contains("val_loss");
        XYChart loss = chart("Loss", "loss");
        loss.addSeries("train", x, history.series("train_loss"));
        if (hasVal) loss.addSeries("validation", x, history.series("val_loss"));
        XYChart acc = chart("Accuracy", "accuracy");
        acc.addSeries("train", x, history.series("train_accuracy"));
        if (hasVal) acc.addSeries("validation", x, history.series("val_accuracy"));
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(acc);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ImageIO.write(both, "png", tmp.toFile());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static XYChart chart(String title, String yLabel) {
        XYChart c = new XYChartBuilder().width(560).height(400).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
        c.getStyler().setMarkerSize(5);
        return c;
    }
}
