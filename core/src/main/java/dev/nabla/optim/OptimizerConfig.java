package dev.nabla.optim;

/**
 * The immutable hyperparameters of an optimizer (a record per optimizer, validated in its constructor,
 * changed through withers). Every config has a learning rate; weight decay and a momentum-like
 * coefficient are optional and report 0 and NaN when the optimizer has none.
 *
 * @param <C> the record type itself, so that {@link #withLr} returns it
 */
public interface OptimizerConfig<C extends OptimizerConfig<C>> {
    double lr();

    C withLr(double lr);

    /** The default weight decay of parameter groups (L2 or decoupled, as the optimizer documents). */
    default double weightDecay() {
        return 0;
    }

    /**
     * The initial value of the groups' schedulable momentum (SGD's and RMSprop's momentum, the Adam
     * family's beta1), or NaN if the optimizer has none. Schedules such as OneCycleLR change it per group.
     */
    default double momentum() {
        return Double.NaN;
    }
}
