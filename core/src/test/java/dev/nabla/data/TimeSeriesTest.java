package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows over series, splits by time and numeric CSV columns. */
class TimeSeriesTest {
    @TempDir
    Path dir;

    /** 0, 1, ..., n-1 as FLOAT32, so every value names its own time step. */
    private static Tensor ramp(int n) {
        return Tensor.arange(n);
    }

    @Test
    void singleStepWindowsOfAOneDimensionalSeries() {
        TensorDataset d = Windows.of(3).apply(ramp(6));
        assertArrayEquals(new int[] {3, 3}, d.x().dims());
        assertArrayEquals(new int[] {3}, d.y().dims());
        assertArrayEquals(new float[] {0, 1, 2, 1, 2, 3, 2, 3, 4}, d.x().toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5}, d.y().toFloatArray());
    }

    @Test
    void horizonStepsAndStride() {
        // inputs 4 long, targets 2 and 3 steps after the last input, a window every 3 steps
        Windows w = Windows.of(4).horizon(2).steps(2).stride(3);
        assertEquals(7, w.span());
        assertEquals(3, w.count(14));
        TensorDataset d = w.apply(ramp(14));
        assertArrayEquals(new int[] {3, 4}, d.x().dims());
        assertArrayEquals(new int[] {3, 2}, d.y().dims());
        assertArrayEquals(new float[] {0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9}, d.x().toFloatArray());
        assertArrayEquals(new float[] {5, 6, 8, 9, 11, 12}, d.y().toFloatArray());
        assertEquals(11, w.firstTargetTime(2));
    }

    @Test
    void multivariateSeriesWithChosenTargetColumns() {
        // column c at time t holds 10 t + c
        float[] v = new float[8 * 3];
        for (int t = 0; t < 8; t++) for (int c = 0; c < 3; c++) v[t * 3 + c] = 10 * t + c;
        Tensor series = Tensor.wrap(v, 8, 3);
        TensorDataset all = Windows.of(5).apply(series);
        assertArrayEquals(new int[] {3, 5, 3}, all.x().dims());
        assertArrayEquals(new int[] {3, 3}, all.y().dims());
        assertArrayEquals(new float[] {50, 51, 52, 60, 61, 62, 70, 71, 72}, all.y().toFloatArray());
        assertEquals(21, all.x().get(1, 1, 1));
        TensorDataset one = Windows.of(2).steps(3).targets(2).apply(series);
        assertArrayEquals(new int[] {4, 3, 1}, one.y().dims());
        assertArrayEquals(new float[] {22, 32, 42}, java.util.Arrays.copyOf(one.y().toFloatArray(), 3));
        TensorDataset dbl = Windows.of(2).apply(series.toDouble());
        assertEquals(DType.FLOAT64, dbl.x().dtype());
    }

    @Test
    void badWindowsNameTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Windows.of(5).horizon(2).apply(ramp(6)));
        assertTrue(e.getMessage().contains("[6]") && e.getMessage().contains("= 7 steps"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Windows.of(0));
        assertThrows(IllegalArgumentException.class, () -> Windows.of(2).targets(0).apply(ramp(5)));
        assertThrows(IllegalArgumentException.class, () -> Windows.of(2).targets(3).apply(Tensor.zeros(5, 3)));
        assertThrows(IllegalArgumentException.class, () -> Windows.of(2).apply(Tensor.zeros(5, 3, 2)));
    }

    @Test
    void splitByTimeKeepsOrderAndBoundary() {
        TimeSeries.Parts p = TimeSeries.split(ramp(10), 0.7);
        assertEquals(7, p.boundary());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6}, p.train().toFloatArray());
        assertArrayEquals(new float[] {7, 8, 9}, p.validation().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> TimeSeries.split(ramp(10), 1.0));
    }

    @Test
    void splitWindowsKeepEveryTargetOnItsSideOfTheBoundary() {
        Windows w = Windows.of(3).horizon(2).steps(2);
        TensorDataset[] parts = TimeSeries.splitWindows(ramp(20), 0.6, w);
        int boundary = 12;
        float[] trainTargets = parts[0].y().toFloatArray();
        float[] valTargets = parts[1].y().toFloatArray();
        for (float t : trainTargets) assertTrue(t < boundary, "train target at time " + t);
        for (float t : valTargets) assertTrue(t >= boundary, "validation target at time " + t);
        // the last training window ends its targets just before the boundary, the first validation one starts at it
        assertEquals(boundary - 1, trainTargets[trainTargets.length - 1]);
        assertEquals(boundary, valTargets[0]);
        assertEquals(19, valTargets[valTargets.length - 1]);
        // validation inputs are the three steps before the first target's horizon
        assertArrayEquals(new float[] {8, 9, 10}, java.util.Arrays.copyOf(parts[1].x().toFloatArray(), 3));
        assertEquals(w.count(12), parts[0].size());
        assertEquals(7, parts[1].size());
        assertThrows(IllegalArgumentException.class, () -> TimeSeries.splitWindows(ramp(8), 0.5, w));
    }

    @Test
    void readsNumericColumnsFromCsv() throws IOException {
        Path f = dir.resolve("temps.csv");
        Files.writeString(f, "date,temp,\"humidity\",city\n2024-01-01,1.5,80,Oslo\n2024-01-02,-2,75.5,Oslo\n\n2024-01-03,0.25,90,Oslo\n");
        Tensor temp = TimeSeries.readCsv(f, "temp");
        assertArrayEquals(new int[] {3}, temp.dims());
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, temp.toFloatArray());
        Tensor both = TimeSeries.readCsv(f, "humidity", "temp");
        assertArrayEquals(new int[] {3, 2}, both.dims());
        assertArrayEquals(new float[] {80, 1.5f, 75.5f, -2, 90, 0.25f}, both.toFloatArray());
        var e1 = assertThrows(DataFileException.class, () -> TimeSeries.readCsv(f, "pressure"));
        assertTrue(e1.getMessage().startsWith(f + ": no column 'pressure'"), e1.getMessage());
        var e2 = assertThrows(DataFileException.class, () -> TimeSeries.readCsv(f, "city"));
        assertTrue(e2.getMessage().contains("Oslo"), e2.getMessage());
        Path missing = dir.resolve("none.csv");
        assertTrue(assertThrows(DataFileException.class, () -> TimeSeries.readCsv(missing, "x")).getMessage().contains(missing.toString()));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t,v\n1,2\n2,oops\n");
        var e3 = assertThrows(DataFileException.class, () -> TimeSeries.readCsv(bad, "v"));
        assertTrue(e3.getMessage().contains(bad + ":3") && e3.getMessage().contains("oops"), e3.getMessage());
        // a read series windows directly
        assertEquals(1, Windows.of(2).apply(temp).size());
    }
}
