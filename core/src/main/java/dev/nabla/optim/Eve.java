package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Eve (Koushik and Hayashi, "Improving Stochastic Gradient Descent with Feedback", 2016): Adam whose
 * global step is divided by a feedback coefficient d_t computed from the loss, following the course
 * notes' rule:
 * <pre>
 * p -= (lr/d_t) * m^/(sqrt(v^) + eps)                      (m^, v^: Adam's bias-corrected moments)
 * 1/d~ = (L_t - L*) / |L_t - L_{t-1}|, clipped to [1/c, c]
 * d_t = beta3*d_{t-1} + (1 - beta3)*d~,  d_1 = 1
 * </pre>
 * A large relative change of the loss gives a large d (a smaller step); being far above L* (lossMin)
 * gives a small d (a larger step). Since d_1 = 1 and every d~ lies in [1/c, c], so does every d_t:
 * 1/c &lt;= 1/d_t &lt;= c always. Degenerate cases follow the limits: an unchanged loss
 * (1/d~ = +inf) clips to c; a loss at or below L* (1/d~ &lt;= 0) clips to 1/c.
 *
 * <p>Report the loss of each step through {@link #step(double)}; a plain {@link #step()} keeps d as it is.
 * The paper itself smooths a clipped running estimate of the loss instead; this is the notes' form.
 */
public final class Eve extends Optimizer {
    private final EveConfig config;
    private final AdamConfig adam;
    private double d = 1;
    private double prevLoss = Double.NaN;
    private double pendingLoss = Double.NaN;

    public Eve(List<Tensor> params, EveConfig config) {
        super(params, config);
        this.config = config;
        this.adam = adamOf(config);
    }

    public Eve(EveConfig config, List<ParamGroup> groups) {
        super(config, groups);
        this.config = config;
        this.adam = adamOf(config);
    }

    public Eve(EveConfig config, ParamGroup... groups) {
        this(config, List.of(groups));
    }

    public static OptimizerBuilder<EveConfig, Eve> of(List<Tensor> params) {
        return OptimizerBuilder.of(params, EveConfig.DEFAULT, Eve::new);
    }

    private static AdamConfig adamOf(EveConfig c) {
        return new AdamConfig(c.lr(), c.beta1(), c.beta2(), c.eps(), c.weightDecay(), false);
    }

    /** Feeds back the loss at the current parameters (the one whose gradient is in grad()), then steps. */
    public void step(double loss) {
        if (!Double.isFinite(loss)) throw new IllegalArgumentException("Eve.step: loss must be finite, got " + loss);
        pendingLoss = loss;
        step();
    }

    /** The current feedback coefficient d (1 until two losses were reported). */
    public double d() {
        return d;
    }

    @Override
    protected void beforeStep() {
        if (Double.isNaN(pendingLoss)) return;
        double loss = pendingLoss;
        pendingLoss = Double.NaN;
        if (!Double.isNaN(prevLoss)) {
            double c = config.clip();
            double change = Math.abs(loss - prevLoss);
            double gap = loss - config.lossMin();
            double invD = gap <= 0 ? 1 / c : change == 0 ? c : gap / change;
            invD = Math.min(Math.max(invD, 1 / c), c);
            double b3 = config.beta3();
            d = b3 * d + (1 - b3) / invD;
            d = Math.min(Math.max(d, 1 / c), c);
        }
        prevLoss = loss;
    }

    @Override
    protected void update(Group group, Tensor param, float[] g, int go, ParamState s) {
        Adam.update(adam, false, lr(group) / d, group, param, g, go, s);
    }

    @Override
    protected void saveExtra(Map<String, Double> out) {
        out.put("eve.d", d);
        if (!Double.isNaN(prevLoss)) out.put("eve.prev_loss", prevLoss);
    }

    @Override
    protected void loadExtra(Map<String, Double> in) {
        for (String k : in.keySet()) {
            if (!k.equals("eve.d") && !k.equals("eve.prev_loss")) {
                throw new IllegalArgumentException("Eve.loadStateDict: unknown key '" + k + "'");
            }
        }
        double newD = in.getOrDefault("eve.d", 1.0);
        if (!(newD >= 1 / config.clip() && newD <= config.clip())) {
            throw new IllegalArgumentException("Eve.loadStateDict: eve.d = " + newD + " is outside [1/c, c]");
        }
        d = newD;
        prevLoss = in.getOrDefault("eve.prev_loss", Double.NaN);
        pendingLoss = Double.NaN;
    }
}
