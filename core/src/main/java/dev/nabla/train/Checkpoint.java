package dev.nabla.train;

import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.OptimizerState;
import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.tensor.Rng;
import dev.nabla.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A full training checkpoint in one safetensors file: the model's state dict (keys {@code model.*}),
 * the optimizer's state ({@code optimizer.*}), and in the metadata the format version, the epoch,
 * the optimizer's class, the schedule's state ({@code schedule.*}), the state of the given generator
 * (the one that shuffles the data) and of the model's own generators ({@code generator.*}: dropout masks),
 * and the history so far, so that resuming gives the same result as an uninterrupted run. Saves are atomic.
 */
public record Checkpoint(Map<String, Tensor> model, OptimizerState optimizer, Map<String, Double> schedule,
                         int epoch, long[] rngState, Map<String, long[]> generators, History history) {

    public static final String FORMAT = "nabla-checkpoint/1";

    /** Writes a checkpoint of the current state (schedule may be null). */
    public static void save(Path file, Module model, Optimizer optimizer, LrScheduler schedule, int epoch, Rng rng) {
        save(file, model, optimizer, schedule, epoch, rng, null);
    }

    /** Writes a checkpoint of the current state with the history so far (schedule and history may be null). */
    public static void save(Path file, Module model, Optimizer optimizer, LrScheduler schedule, int epoch, Rng rng, History history) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        OptimizerState os = optimizer.stateDict();
        os.asTensors().forEach((k, v) -> tensors.put("optimizer." + k, v));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(epoch));
        meta.put("optimizer", os.optimizer());
        meta.put("rng", join(rng.state()));
        model.namedGenerators().forEach((k, g) -> meta.put("generator." + k, join(g.state())));
        if (history != null) meta.put("history", history.toCsv());
        if (schedule != null) schedule.stateDict().forEach((k, v) -> meta.put("schedule." + k, Double.toString(v)));
        SafeTensors.save(tensors, meta, file);
    }

    /** Reads and validates a checkpoint written by {@link #save}. */
    public static Checkpoint load(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException(file + ": not a Nabla checkpoint (format '" + meta.get("format") + "', expected '" + FORMAT + "')");
        }
        try {
            Map<String, Tensor> model = new LinkedHashMap<>();
            Map<String, Tensor> opt = new LinkedHashMap<>();
            c.tensors().forEach((k, v) -> {
                if (k.startsWith("model.")) model.put(k.substring(6), v);
                else if (k.startsWith("optimizer.")) opt.put(k.substring(10), v);
                else throw new IllegalArgumentException(file + ": unexpected tensor '" + k + "' in a checkpoint");
            });
            Map<String, Double> schedule = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (k.startsWith("schedule.")) schedule.put(k.substring(9), Double.parseDouble(v));
            });
            Map<String, long[]> generators = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (k.startsWith("generator.")) generators.put(k.substring(10), split(v));
            });
            String h = meta.get("history");
            History history = h == null ? new History() : History.fromCsv(h, file + " (history)");
            return new Checkpoint(model, OptimizerState.fromTensors(require(meta, "optimizer", file), opt), schedule,
                    Integer.parseInt(require(meta, "epoch", file)), split(require(meta, "rng", file)), generators, history);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": malformed checkpoint metadata: " + e.getMessage());
        }
    }

    private static String join(long[] state) {
        return Arrays.stream(state).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static long[] split(String state) {
        return Arrays.stream(state.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static String require(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": checkpoint metadata lacks '" + key + "'");
        return v;
    }

    /**
     * Puts the saved state into the given objects (schedule may be null when none was saved). The model
     * must match exactly; the optimizer checks its own state before changing anything.
     */
    public void restore(Module target, Optimizer opt, LrScheduler sched, Rng rng) {
        if (sched == null && !schedule.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.restore: the checkpoint has a schedule state but no schedule was given");
        }
        Map<String, Rng> own = target.namedGenerators();
        if (!own.keySet().equals(generators.keySet())) {
            throw new IllegalArgumentException("Checkpoint.restore: the model's generators " + own.keySet()
                    + " differ from the checkpoint's " + generators.keySet());
        }
        target.loadStateDict(model, true);
        opt.loadStateDict(optimizer);
        if (sched != null) sched.loadStateDict(schedule);
        rng.setState(rngState);
        own.forEach((k, g) -> g.setState(generators.get(k)));
    }
}
