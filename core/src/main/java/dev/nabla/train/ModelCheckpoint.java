package dev.nabla.train;

import dev.nabla.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model's state dict as safetensors through {@link SafeTensors#save} (atomic: a crash
 * leaves the previous file whole) after every epoch, or only after epochs that improve a monitored
 * value. The file name may hold placeholders: {@code {epoch}} (the epoch number; {@code {epoch:03d}}
 * pads it), or any epoch log key such as {@code {val_loss}} (printed with 4 decimals), e.g.
 * {@code runs/ckpt-{epoch:02d}.safetensors}. Without placeholders the same file is replaced each
 * time. Missing directories are created. The file's metadata holds {@code epoch}, the monitored key
 * and value when there is one, and the {@link #metadata} given (e.g. what rebuilds the model).
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z0-9_]+)(?::0?(\\d+)d)?}");

    private final String pattern;
    private final String monitor;
    private Mode mode = Mode.AUTO;
    private Map<String, String> metadata = Map.of();

    private TrainContext context;
    private Mode resolved;
    private double best;
    private int bestEpoch;
    private Path lastSaved;

    private ModelCheckpoint(Path pattern, String monitor) {
        this.pattern = Objects.requireNonNull(pattern, "path").toString();
        this.monitor = monitor;
    }

    /** Saves after every epoch. */
    public static ModelCheckpoint everyEpoch(Path pattern) {
        return new ModelCheckpoint(pattern, null);
    }

    /** Saves after epochs whose {@code monitor} value is the best so far (mode AUTO unless set). */
    public static ModelCheckpoint best(Path pattern, String monitor) {
        if (monitor == null || monitor.isEmpty()) throw new IllegalArgumentException("ModelCheckpoint: monitor must be named");
        return new ModelCheckpoint(pattern, monitor);
    }

    public ModelCheckpoint mode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** Extra string metadata written into every file. */
    public ModelCheckpoint metadata(Map<String, String> metadata) {
        this.metadata = Map.copyOf(metadata);
        return this;
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
        resolved = monitor == null ? null : mode.resolve(monitor);
        best = Double.NaN;
        bestEpoch = 0;
        lastSaved = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("epoch", Integer.toString(epoch));
        if (monitor != null) {
            Double v = logs.get(monitor);
            if (v == null) throw new IllegalStateException("ModelCheckpoint: monitored '" + monitor + "' is not in the epoch logs " + logs.keySet());
            if (!resolved.improves(v, best, 0)) return;
            best = v;
            bestEpoch = epoch;
            meta.put("monitor", monitor);
            meta.put(monitor, Double.toString(v));
        }
        Path path = Path.of(fileName(pattern, epoch, logs));
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot create the directory of " + path, e);
        }
        SafeTensors.save(context.model().stateDict(), meta, path);
        lastSaved = path;
    }

    /** The pattern with its placeholders filled from an epoch and its logs. */
    static String fileName(String pattern, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value;
            if (key.equals("epoch")) {
                value = m.group(2) == null ? Integer.toString(epoch) : String.format(Locale.ROOT, "%0" + m.group(2) + "d", epoch);
            } else {
                Double v = logs.get(key);
                if (v == null) throw new IllegalArgumentException("ModelCheckpoint: '{" + key + "}' in '" + pattern + "' is not an epoch log key " + logs.keySet());
                value = String.format(Locale.ROOT, "%.4f", v);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The last file written, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    /** With a monitor: the epoch of the best value (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** With a monitor: the best value seen (NaN before any). */
    public double best() {
        return best;
    }
}
