package dev.nabla.kernel;

/**
 * Whether the Vector API SIMD paths are used. They are when the {@code jdk.incubator.vector} module
 * is present (the launcher and the test runner add it) unless {@code -Dnabla.simd=false}; otherwise
 * every kernel takes its scalar path. Classes that touch the Vector API are loaded only when this is true.
 */
public final class Simd {
    private Simd() {}

    public static final boolean ENABLED = detect();

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("nabla.simd", "true"))) return false;
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
            return ElementwiseSimd.lanes() > 1;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
