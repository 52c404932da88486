package dev.nabla.autograd;

/**
 * Whether operations record the graph for backward. Recording is on by default, per thread;
 * {@code try (var g = Grad.off()) { ... }} turns it off inside the block and restores it after.
 */
public final class Grad implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean previous;

    private Grad(boolean enabled) {
        boolean[] flag = ENABLED.get();
        previous = flag[0];
        flag[0] = enabled;
    }

    /** Disables graph recording until the returned scope is closed. */
    public static Grad off() {
        return new Grad(false);
    }

    /** Enables graph recording until the returned scope is closed (e.g. inside an off() block). */
    public static Grad on() {
        return new Grad(true);
    }

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    @Override
    public void close() {
        ENABLED.get()[0] = previous;
    }
}
