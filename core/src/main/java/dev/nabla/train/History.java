package dev.nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Trainer#fit} recorded: one read-only map per completed epoch (keys as listed in
 * {@link Callback}: {@code epoch, train_loss, train_<metric>, val_loss, val_<metric>, lr, seconds,
 * samples_per_sec}), and why training stopped early, if it did.
 */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private String stopReason;

    void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
    }

    /** The epochs in order (read-only). */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The entry of an epoch, counted from 1. */
    public Map<String, Double> epoch(int epoch) {
        if (epoch < 1 || epoch > epochs.size()) {
            throw new IndexOutOfBoundsException("History: epoch " + epoch + " not recorded (1.." + epochs.size() + ")");
        }
        return epochs.get(epoch - 1);
    }

    /** The last epoch's entry. */
    public Map<String, Double> last() {
        if (epochs.isEmpty()) throw new IllegalStateException("History: no epoch recorded");
        return epochs.getLast();
    }

    /** One value per epoch for a key; NaN where an epoch lacks it. */
    public double[] series(String key) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) out[i] = epochs.get(i).getOrDefault(key, Double.NaN);
        return out;
    }

    /** Every key of any epoch, in first-seen order. */
    public Set<String> keys() {
        Set<String> k = new LinkedHashSet<>();
        for (Map<String, Double> e : epochs) k.addAll(e.keySet());
        return k;
    }

    /**
     * Whether training was stopped: by a callback's request (early stopping, TerminateOnNaN; a request
     * at the end of the last epoch counts too) or by a non-finite loss.
     */
    public boolean stopped() {
        return stopReason != null;
    }

    /** Why training was stopped (the first reason given), or null if it ran its epochs. */
    public String stopReason() {
        return stopReason;
    }

    /** The history as CSV: a header of {@link #keys()}, one row per epoch, empty cells for missing or NaN values. */
    public String toCsv() {
        Set<String> keys = keys();
        StringBuilder sb = new StringBuilder(String.join(",", keys)).append('\n');
        for (Map<String, Double> e : epochs) {
            boolean first = true;
            for (String k : keys) {
                if (!first) sb.append(',');
                first = false;
                Double v = e.get(k);
                if (v != null && !v.isNaN()) sb.append(format(k, v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads what {@link #toCsv} wrote (e.g. the history saved in a checkpoint); {@code source} names the
     * text in error messages.
     */
    public static History fromCsv(String csv, String source) {
        History h = new History();
        String[] lines = csv.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) return h;
        String[] keys = lines[0].split(",", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            String[] cells = lines[i].split(",", -1);
            if (cells.length != keys.length) {
                throw new IllegalArgumentException(source + ": history row " + i + " has " + cells.length + " cells, the header " + keys.length);
            }
            Map<String, Double> row = new LinkedHashMap<>();
            for (int j = 0; j < keys.length; j++) {
                if (cells[j].isEmpty()) continue;
                try {
                    row.put(keys[j], Double.parseDouble(cells[j]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ": history row " + i + ", column " + keys[j] + ": not a number: '" + cells[j] + "'");
                }
            }
            h.add(row);
        }
        return h;
    }

    /** A copy that later epochs can be added to without changing this one. */
    History copy() {
        History h = new History();
        h.epochs.addAll(epochs);
        h.stopReason = stopReason;
        return h;
    }

    /** Integer-valued keys (epoch, steps) as integers, everything else in Java's shortest round-trip form. */
    static String format(String key, double v) {
        if (isCount(key) && v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    static boolean isCount(String key) {
        return key.equals("epoch") || key.equals("step") || key.equals("global_step") || key.equals("size");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History[").append(epochs.size()).append(" epochs");
        if (stopReason != null) sb.append(", stopped: ").append(stopReason);
        sb.append(']');
        for (Map<String, Double> e : epochs) {
            sb.append("\n ");
            e.forEach((k, v) -> sb.append(' ').append(k).append('=')
                    .append(isCount(k) ? format(k, v) : String.format(Locale.ROOT, "%.4g", v)));
        }
        return sb.toString();
    }
}
