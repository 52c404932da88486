package dev.nabla.optim;

import dev.nabla.autograd.Grad;
import dev.nabla.kernel.UpdateKernels;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, following torch.optim: parameter groups with live
 * hyperparameters ({@link Group}: lr, momentum, weight decay, L1), an immutable config record of
 * defaults, per-parameter state ({@link ParamState}) keyed by parameter name, and an update rule
 * applied in place without recording ({@link #step()}). Each subclass's rule is one fused loop over
 * the float arrays of a parameter, its gradient and its state buffers.
 */
public abstract class Optimizer {
    /**
     * A parameter group as the optimizer runs it (PyTorch's {@code param_groups[i]}): the learning
     * rate and momentum are mutable so that schedules can drive them; weight decay and L1 are fixed.
     */
    public static final class Group {
        private final List<Tensor> params;
        private final List<String> names;
        private final double weightDecay;
        private final double l1;
        private double lr;
        private double initialLr = Double.NaN;
        private double momentum;

        Group(List<Tensor> params, List<String> names, double lr, double weightDecay, double l1, double momentum) {
            this.params = List.copyOf(params);
            this.names = List.copyOf(names);
            this.lr = lr;
            this.weightDecay = weightDecay;
            this.l1 = l1;
            this.momentum = momentum;
        }

        public List<Tensor> params() {
            return params;
        }

        public List<String> names() {
            return names;
        }

        public double lr() {
            return lr;
        }

        public void setLr(double lr) {
            if (Double.isNaN(lr)) throw new IllegalArgumentException("Group.setLr: NaN learning rate");
            this.lr = lr;
        }

        /** The lr schedules start from (PyTorch's {@code initial_lr}); NaN until a schedule sets it. */
        public double initialLr() {
            return initialLr;
        }

        public void setInitialLr(double initialLr) {
            this.initialLr = initialLr;
        }

        public boolean hasMomentum() {
            return !Double.isNaN(momentum);
        }

        /** SGD's or RMSprop's momentum, or the Adam family's beta1; NaN if the optimizer has none. */
        public double momentum() {
            return momentum;
        }

        public void setMomentum(double momentum) {
            if (!hasMomentum()) throw new IllegalStateException("this optimizer has no momentum to set");
            if (!(momentum >= 0) || Double.isInfinite(momentum)) throw new IllegalArgumentException("Group.setMomentum: must be a finite number >= 0, got " + momentum);
            this.momentum = momentum;
        }

        public double weightDecay() {
            return weightDecay;
        }

        public double l1() {
            return l1;
        }

        @Override
        public String toString() {
            return "Group[" + params.size() + " params, lr=" + lr + (hasMomentum() ? ", momentum=" + momentum : "")
                    + ", weightDecay=" + weightDecay + ", l1=" + l1 + "]";
        }
    }

    private final OptimizerConfig<?> config;
    private final List<Group> groups;
    private final List<Tensor> params;
    private final List<String> names;
    private final ParamState[] states;
    /** Multiplies every group's lr in {@link #lr(Group)}; set by {@link Backstitch} for its negative step. */
    double lrScale = 1;

    protected Optimizer(OptimizerConfig<?> config, List<ParamGroup> groups) {
        String who = getClass().getSimpleName();
        if (groups.isEmpty()) throw new IllegalArgumentException(who + ": no parameter groups");
        this.config = config;
        List<Group> gs = new ArrayList<>();
        List<Tensor> all = new ArrayList<>();
        List<String> allNames = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (ParamGroup pg : groups) {
            List<String> gn = new ArrayList<>();
            for (int j = 0; j < pg.params().size(); j++) {
                Tensor p = pg.params().get(j);
                if (!p.isContiguous() || p.dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException(who + ": parameters must be contiguous FLOAT32, got " + p.dtype() + " " + p.shape());
                }
                if (seen.put(p, Boolean.TRUE) != null) {
                    throw new IllegalArgumentException(who + ": a parameter " + p.shape() + " appears more than once");
                }
                String name = pg.names() != null ? pg.names().get(j) : Integer.toString(all.size());
                if (allNames.contains(name)) throw new IllegalArgumentException(who + ": parameter name '" + name + "' is used twice");
                all.add(p);
                allNames.add(name);
                gn.add(name);
            }
            double lr = Double.isNaN(pg.lr()) ? config.lr() : pg.lr();
            double wd = Double.isNaN(pg.weightDecay()) ? config.weightDecay() : pg.weightDecay();
            gs.add(new Group(pg.params(), gn, lr, wd, pg.l1(), config.momentum()));
        }
        if (all.isEmpty()) throw new IllegalArgumentException(who + ": no parameters to optimize");
        this.groups = Collections.unmodifiableList(gs);
        this.params = Collections.unmodifiableList(all);
        this.names = Collections.unmodifiableList(allNames);
        this.states = new ParamState[all.size()];
    }

    /** One group of unnamed parameters using the config's settings. */
    protected Optimizer(List<Tensor> params, OptimizerConfig<?> config) {
        this(config, List.of(ParamGroup.of(params)));
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (var off = Grad.off()) {
            beforeStep();
            int i = 0;
            for (Group g : groups) {
                for (Tensor p : g.params) {
                    int idx = i++;
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    if (grad.dtype() != DType.FLOAT32) grad = grad.toFloat();
                    grad = grad.contiguous();
                    ParamState s = states[idx];
                    if (s == null) s = states[idx] = new ParamState();
                    s.step++;
                    update(g, p, grad.floatData(), grad.dataOffset(), s);
                    p.markWritten();
                }
            }
            afterStep();
        }
    }

    /**
     * Updates {@code param} in place from its gradient ({@code grad[go ..]}, contiguous). {@code s.step()}
     * already counts this update (1 on the first). Use {@link #lr(Group)} for the learning rate.
     */
    protected abstract void update(Group group, Tensor param, float[] grad, int go, ParamState s);

    /** Called once before the parameters of a step are updated. */
    protected void beforeStep() {}

    /** Called once after all parameters are updated. */
    protected void afterStep() {}

    /** The learning rate to use for a group in this step. */
    protected final double lr(Group g) {
        return g.lr * lrScale;
    }

    /**
     * The gradient with the group's L2 ({@code wd * p}) and L1 ({@code l1 * sign(p)}) terms added; a zero
     * coefficient adds nothing (as in torch, not even for an infinite parameter).
     */
    protected static float regularized(float g, float p, float wd, float l1) {
        if (wd != 0) g += wd * p;
        if (l1 != 0) g += l1 * Math.signum(p);
        return g;
    }

    /** Clears every parameter's gradient (PyTorch's {@code zero_grad()}, whose default is {@code set_to_none=True}). */
    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    /**
     * PyTorch's {@code zero_grad(set_to_none)}. With {@code false} every gradient a parameter holds is kept and
     * filled with zeros in place, so code holding {@code p.grad()} sees the zeros, and the next backward pass adds
     * into the same memory where it can ({@code linear} does), instead of allocating new gradients: cheaper in a
     * training loop, because that memory is still in cache. Gradients that are not contiguous FLOAT32 are cleared.
     */
    public void zeroGrad(boolean setToNone) {
        if (setToNone) {
            zeroGrad();
            return;
        }
        try (var off = Grad.off()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                if (g.dtype() == DType.FLOAT32 && g.isContiguous() && !g.requiresGrad()) {
                    UpdateKernels.zero(g.floatData(), g.dataOffset(), g.numel());
                    g.markWritten();
                } else {
                    p.zeroGrad();
                }
            }
        }
    }

    /** The first group's learning rate. */
    public double lr() {
        return groups.get(0).lr;
    }

    /** Sets every group's learning rate. */
    public void setLr(double lr) {
        for (Group g : groups) g.setLr(lr);
    }

    public List<Group> groups() {
        return groups;
    }

    /** Every parameter, over all groups, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** The state-dict name of every parameter, in {@link #params()} order. */
    public List<String> names() {
        return names;
    }

    public OptimizerConfig<?> config() {
        return config;
    }

    /** The state of a parameter (by name), or null before its first update. */
    public ParamState state(String name) {
        int i = names.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameter named '" + name + "'");
        return states[i];
    }

    // ---------------------------------------------------------------- state dict

    /** A copy of the optimizer's state, for checkpoints (see {@link OptimizerState} for the keys). */
    public OptimizerState stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int i = 0; i < states.length; i++) {
            ParamState s = states[i];
            if (s == null) continue;
            String prefix = "state." + names.get(i) + ".";
            scalars.put(prefix + "step", (double) s.step);
            s.scalars().forEach((k, v) -> scalars.put(prefix + k, v));
            s.buffers().forEach((k, t) -> tensors.put(prefix + k, t.copy()));
        }
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            String prefix = "param_groups." + gi + ".";
            scalars.put(prefix + "lr", g.lr);
            if (!Double.isNaN(g.initialLr)) scalars.put(prefix + "initial_lr", g.initialLr);
            if (g.hasMomentum()) scalars.put(prefix + "momentum", g.momentum);
        }
        saveExtra(scalars);
        return new OptimizerState(getClass().getSimpleName(), tensors, scalars);
    }

    /**
     * Restores a state made by {@link #stateDict()} of an optimizer of the same class over parameters
     * of the same names and shapes. Everything is checked before anything changes; a key that names no
     * parameter, group or known value, or a shape that differs, is an error. Parameters without state in
     * the snapshot start fresh.
     */
    public void loadStateDict(OptimizerState state) {
        String who = getClass().getSimpleName();
        if (state.optimizer() != null && !state.optimizer().equals(who)) {
            throw new IllegalArgumentException(who + ".loadStateDict: the state was saved by " + state.optimizer());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
        ParamState[] fresh = new ParamState[states.length];
        double[] lrs = new double[groups.size()];
        double[] initial = new double[groups.size()];
        double[] momenta = new double[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            lrs[gi] = groups.get(gi).lr;
            initial[gi] = groups.get(gi).initialLr;
            momenta[gi] = groups.get(gi).momentum;
        }
        Map<String, Double> extra = new LinkedHashMap<>();
        for (var e : state.tensors().entrySet()) {
            String[] pk = splitStateKey(e.getKey(), index, who);
            int i = index.get(pk[0]);
            Tensor src = e.getValue();
            if (!Arrays.equals(src.dims(), params.get(i).dims())) {
                throw new IllegalArgumentException(who + ".loadStateDict: '" + e.getKey() + "' has shape " + src.shape()
                        + ", parameter '" + pk[0] + "' has " + params.get(i).shape());
            }
            Tensor copy = Tensor.zeros(src.dims());
            copy.copyFromInPlace(src.dtype() == DType.FLOAT32 ? src : src.toFloat());
            stateOf(fresh, i).putBuffer(pk[1], copy);
        }
        for (var e : state.scalars().entrySet()) {
            String k = e.getKey();
            double v = e.getValue();
            if (k.startsWith("state.")) {
                String[] pk = splitStateKey(k, index, who);
                ParamState s = stateOf(fresh, index.get(pk[0]));
                if (pk[1].equals("step")) s.step = (long) v;
                else s.setScalar(pk[1], v);
            } else if (k.startsWith("param_groups.")) {
                String rest = k.substring("param_groups.".length());
                int dot = rest.indexOf('.');
                int gi;
                try {
                    gi = Integer.parseInt(rest.substring(0, Math.max(dot, 0)));
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(who + ".loadStateDict: bad key '" + k + "'");
                }
                if (gi < 0 || gi >= groups.size()) {
                    throw new IllegalArgumentException(who + ".loadStateDict: '" + k + "' names group " + gi + " but there are " + groups.size());
                }
                switch (rest.substring(dot + 1)) {
                    case "lr" -> lrs[gi] = v;
                    case "initial_lr" -> initial[gi] = v;
                    case "momentum" -> {
                        if (Double.isNaN(momenta[gi])) throw new IllegalArgumentException(who + ".loadStateDict: " + who + " has no momentum ('" + k + "')");
                        momenta[gi] = v;
                    }
                    default -> throw new IllegalArgumentException(who + ".loadStateDict: unknown key '" + k + "'");
                }
            } else {
                extra.put(k, v);
            }
        }
        loadExtra(extra); // validates (and throws on unknown keys) before anything is committed below
        System.arraycopy(fresh, 0, states, 0, states.length);
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            g.lr = lrs[gi];
            g.initialLr = initial[gi];
            g.momentum = momenta[gi];
        }
    }

    /** Restores from the flat map of {@link OptimizerState#asTensors()}. */
    public void loadStateDict(Map<String, Tensor> flat) {
        loadStateDict(OptimizerState.fromTensors(null, flat));
    }

    /** Adds optimizer-wide scalars to a state dict (keys prefixed with the optimizer's name). */
    protected void saveExtra(Map<String, Double> out) {}

    /**
     * Validates optimizer-wide scalars from a state dict, then applies them; must throw (before changing
     * anything) on keys it does not know. The default accepts none. Nothing after it in
     * {@link #loadStateDict} can fail.
     */
    protected void loadExtra(Map<String, Double> in) {
        if (!in.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: unknown keys " + in.keySet());
    }

    private static ParamState stateOf(ParamState[] states, int i) {
        if (states[i] == null) states[i] = new ParamState();
        return states[i];
    }

    /** Splits {@code state.<name>.<key>} (names may contain dots, keys do not). */
    private static String[] splitStateKey(String key, Map<String, Integer> index, String who) {
        int last = key.lastIndexOf('.');
        String name = key.startsWith("state.") && last > 6 ? key.substring(6, last) : null;
        if (name == null || !index.containsKey(name)) {
            throw new IllegalArgumentException(who + ".loadStateDict: '" + key + "' names no parameter of this optimizer");
        }
        return new String[] {name, key.substring(last + 1)};
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + config + ", " + groups + ")";
    }
}
