package dev.nabla.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/** Prints benchmark results as one JSON object per line (DESIGN.md section 5). */
public final class BenchOutput {
    private final PrintStream out;

    public BenchOutput(PrintStream out) {
        this.out = out;
    }

    public void result(String bench, String caseName, String metric, double value, String unit) {
        out.printf(Locale.ROOT, "{\"bench\": \"%s\", \"case\": \"%s\", \"metric\": \"%s\", \"value\": %.4g, \"unit\": \"%s\"}%n",
                bench, caseName, metric, value, unit);
        out.flush();
    }

    /** Median of the values. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
