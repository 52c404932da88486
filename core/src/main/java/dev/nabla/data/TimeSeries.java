package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Time-series helpers: numeric columns of a CSV file as a series, and splits by time (the
 * training part first, validation after it, nothing shuffled across the boundary).
 */
public final class TimeSeries {
    private TimeSeries() {}

    /** A series cut at {@code boundary}: train holds times [0, boundary), validation [boundary, T). */
    public record Parts(Tensor train, Tensor validation, int boundary) {}

    /**
     * Splits a series [T] or [T, F] by time, the first {@code floor(trainFraction * T)} steps for training.
     */
    public static Parts split(Tensor series, double trainFraction) {
        int t = checkSeries("TimeSeries.split", series);
        int b = boundary(t, trainFraction);
        return new Parts(series.narrow(0, 0, b).contiguous(), series.narrow(0, b, t - b).contiguous(), b);
    }

    /**
     * Windows for training and validation on either side of the time boundary of
     * {@link #split}: every training window's targets lie before it, every validation window's
     * targets at or after it. Validation inputs may reach back before the boundary (they are past
     * observations, not targets), so the first validation target is the boundary itself.
     */
    public static TensorDataset[] splitWindows(Tensor series, double trainFraction, Windows windows) {
        int t = checkSeries("TimeSeries.splitWindows", series);
        int b = boundary(t, trainFraction);
        int context = windows.inputLength() + windows.horizon() - 1;
        if (b < windows.span() || t - b < windows.steps() || b < context) {
            throw new IllegalArgumentException("TimeSeries.splitWindows: series " + series.shape() + " split at " + b
                    + " leaves no whole window on one side (a window spans " + windows.span() + " steps)");
        }
        TensorDataset train = windows.apply(series.narrow(0, 0, b));
        TensorDataset val = windows.apply(series.narrow(0, b - context, t - b + context));
        return new TensorDataset[] {train, val};
    }

    private static int checkSeries(String op, Tensor series) {
        if (series.rank() != 1 && series.rank() != 2) throw new IllegalArgumentException(op + ": series must be [T] or [T, features], got " + series.shape());
        return series.dim(0);
    }

    private static int boundary(int t, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("TimeSeries: train fraction " + trainFraction + " must be in (0, 1)");
        }
        return (int) Math.floor(trainFraction * t);
    }

    /**
     * Numeric columns of a CSV file with a header row, in the order given: [T] for one column,
     * [T, columns] for several. Other columns (dates, names) are skipped. Errors name the file, line and column.
     */
    public static Tensor readCsv(Path file, String... columns) {
        if (columns.length == 0) throw new IllegalArgumentException("TimeSeries.readCsv: name at least one column of " + file);
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(columns));
        if (wanted.size() != columns.length) throw new IllegalArgumentException("TimeSeries.readCsv: a column is named twice in " + Arrays.toString(columns));
        List<String> header = header(file);
        for (String c : columns) {
            if (!header.contains(c)) throw new DataFileException(file + ": no column '" + c + "'; columns are " + header);
        }
        List<String> ignored = new ArrayList<>();
        for (String h : header) if (!wanted.contains(h)) ignored.add(h);
        CsvTable table = new CsvReader().label(columns[0]).labelKind(CsvReader.LabelKind.REGRESSION)
                .ignore(ignored.toArray(String[]::new)).read(file);
        Tensor first = table.data().y();
        if (columns.length == 1) return first;
        int t = first.dim(0);
        float[] out = new float[t * columns.length];
        float[] y = first.toFloatArray();
        float[] x = table.data().x().toFloatArray();
        int fx = table.featureNames().size();
        for (int c = 0; c < columns.length; c++) {
            int j = c == 0 ? -1 : table.featureNames().indexOf(columns[c]);
            for (int i = 0; i < t; i++) out[i * columns.length + c] = j < 0 ? y[i] : x[i * fx + j];
        }
        return Tensor.wrap(out, t, columns.length);
    }

    /** Column names of the first non-blank line (double quotes around a name are removed). */
    private static List<String> header(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                List<String> names = new ArrayList<>();
                for (String f : line.split(",", -1)) {
                    String s = f.strip();
                    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1).replace("\"\"", "\"");
                    names.add(s);
                }
                return names;
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such CSV file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read CSV file: " + e.getMessage(), e);
        }
        throw new DataFileException(file + ": empty CSV file (no header row)");
    }
}
