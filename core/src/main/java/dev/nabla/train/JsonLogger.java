package dev.nabla.train;

import dev.nabla.io.AtomicWrite;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the history as JSON after every epoch and at the end, replacing the file atomically:
 * <pre>
 * {...fields given..., "epochs": [{"epoch": 1, "train_loss": 0.41, ..., "samples_per_sec": 5120.3}, ...],
 *  "stop_reason": "..."}
 * </pre>
 * {@code epoch} is an integer; NaN and infinite values are written as null; {@code stop_reason}
 * appears when training stopped early. The fixed fields (e.g. {@code model}, {@code data},
 * {@code parameters}) come first, so the file can grow into a run's {@code metrics.json}.
 */
public final class JsonLogger implements Callback {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path path;
    private final Map<String, Object> fields;
    private TrainContext context;

    public JsonLogger(Path path) {
        this(path, Map.of());
    }

    /** Also writes the given fields (strings, numbers, booleans, lists and maps of them) before the epochs. */
    public JsonLogger(Path path, Map<String, ?> fields) {
        this.path = Objects.requireNonNull(path, "path");
        this.fields = new LinkedHashMap<>(fields);
        if (this.fields.containsKey("epochs") || this.fields.containsKey("stop_reason")) {
            throw new IllegalArgumentException("JsonLogger: 'epochs' and 'stop_reason' are written by the logger");
        }
    }

    @Override
    public void onTrainBegin(TrainContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        write();
    }

    @Override
    public void onTrainEnd(TrainContext context) {
        write();
    }

    private void write() {
        AtomicWrite.writeString(path, toJson(fields, context.history()));
    }

    /** The JSON text for a history with leading fields. */
    public static String toJson(Map<String, ?> fields, History history) {
        Map<String, Object> root = new LinkedHashMap<>(fields);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (Map<String, Double> e : history.epochs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            e.forEach((k, v) -> row.put(k, !Double.isFinite(v) ? null : History.isCount(k) && v == Math.rint(v) ? (Object) v.longValue() : v));
            epochs.add(row);
        }
        root.put("epochs", epochs);
        if (history.stopReason() != null) root.put("stop_reason", history.stopReason());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JsonLogger: cannot encode the fields as JSON: " + e.getMessage(), e);
        }
    }
}
