package dev.nabla.cli;

import dev.nabla.optim.AdaMod;
import dev.nabla.optim.Adadelta;
import dev.nabla.optim.Adagrad;
import dev.nabla.optim.Adam;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.Adamax;
import dev.nabla.optim.Lamb;
import dev.nabla.optim.NAdam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.RAdam;
import dev.nabla.optim.RmsProp;
import dev.nabla.optim.Sgd;
import dev.nabla.optim.schedule.CosineAnnealingLR;
import dev.nabla.optim.schedule.ExponentialLR;
import dev.nabla.optim.schedule.LrScheduler;
import dev.nabla.optim.schedule.OneCycleLR;
import dev.nabla.optim.schedule.StepLR;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Locale;

/** Optimizers and learning-rate schedules by name, for the command line. */
final class OptimizerFactory {
    private OptimizerFactory() {}

    static final String OPTIMIZERS = "sgd, momentum, nesterov, adam, adamw, adagrad, adadelta, rmsprop, adamax, nadam, radam, lamb, adamod";
    static final String SCHEDULES = "none, step, exponential, cosine, onecycle, plateau";

    static Optimizer optimizer(String name, List<Tensor> params, double lr, double weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new Sgd(params, lr, 0, 0, false, weightDecay);
            case "momentum" -> new Sgd(params, lr, 0.9, 0, false, weightDecay);
            case "nesterov" -> new Sgd(params, lr, 0.9, 0, true, weightDecay);
            case "adam" -> new Adam(params, lr, 0.9, 0.999, 1e-8, weightDecay, false, false);
            case "adamw" -> AdamW.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "adagrad" -> Adagrad.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "adadelta" -> Adadelta.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "rmsprop" -> RmsProp.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "adamax" -> Adamax.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "nadam" -> NAdam.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "radam" -> RAdam.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "lamb" -> Lamb.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            case "adamod" -> AdaMod.of(params).lr(lr).with(c -> c.withWeightDecay(weightDecay)).build();
            default -> throw new IllegalArgumentException("unknown --optimizer '" + name + "' (known: " + OPTIMIZERS + ")");
        };
    }

    /**
     * A schedule stepped once per epoch (step, exponential, cosine) or once per batch (onecycle);
     * null for none. {@code perBatch[0]} tells which.
     */
    static LrScheduler schedule(String name, Optimizer opt, double lr, int epochs, int stepsPerEpoch, int stepSize, double gamma,
                                boolean[] perBatch) {
        perBatch[0] = false;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "step" -> new StepLR(opt, stepSize, gamma);
            case "exponential" -> new ExponentialLR(opt, gamma);
            case "cosine" -> new CosineAnnealingLR(opt, epochs);
            case "onecycle" -> {
                perBatch[0] = true;
                yield new OneCycleLR(opt, lr, epochs * stepsPerEpoch);
            }
            default -> throw new IllegalArgumentException("unknown --schedule '" + name + "' (known: " + SCHEDULES + ")");
        };
    }
}
