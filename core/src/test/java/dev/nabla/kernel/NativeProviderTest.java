package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gemm's hook for native GEMMs (SgemmProvider): module openblas tests the real one. */
class NativeProviderTest {
    /** Registered for core's tests (META-INF/services): a provider whose library did not load. */
    public static final class Unavailable implements SgemmProvider {
        @Override
        public boolean sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            throw new AssertionError("Gemm called a provider that is not available");
        }

        @Override
        public boolean available() {
            return false;
        }

        @Override
        public String name() {
            return "unavailable test provider";
        }
    }

    @Test
    void aProviderThatDidNotLoadIsIgnored() {
        assertTrue(Gemm.nativeProvider().isEmpty());
        // 1024 x 1024 x 1024 would go to a native provider; here the Java kernels compute it.
        int n = 1024;
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        java.util.Arrays.fill(a, 0.5f);
        java.util.Arrays.fill(b, 0.25f);
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        assertEquals(128f, c[0]);
        assertEquals(128f, c[n * n - 1]);
    }
}
