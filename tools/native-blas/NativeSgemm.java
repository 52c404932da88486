import dev.nabla.kernel.Gemm;
import dev.nabla.kernel.Parallel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Nabla's sgemm beside OpenBLAS from the Maven artifact org.bytedeco:openblas, called through the foreign-function
 * API on the same heap arrays (critical downcalls, no copies), square n = 64 ... 2048, on two threads:
 * <ul>
 *   <li>{@code nabla-java}: {@link Gemm#sgemm} with core alone on the class path, so the Java kernels;
 *   <li>{@code openblas-own-threads}: one call, OpenBLAS's own two pthreads;
 *   <li>{@code openblas-halves}: OpenBLAS single-threaded, each of two Java threads computing half the rows of C
 *       (the only way to keep to one thread pool).
 * </ul>
 * Usage (see run.sh): {@code java -cp core/target/classes NativeSgemm.java LIBOPENBLAS}
 */
public class NativeSgemm {
    static MethodHandle sgemm, setThreads;
    /** The second thread of openblas-halves, kept between calls as a pool thread would be. */
    static final ExecutorService WORKER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(args[0]), Arena.global());
        setThreads = linker.downcallHandle(lib.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        MethodHandle core = linker.downcallHandle(lib.find("openblas_get_corename").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        var i32 = ValueLayout.JAVA_INT;
        var f32 = ValueLayout.JAVA_FLOAT;
        var ptr = ValueLayout.ADDRESS;
        sgemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(i32, i32, i32, i32, i32, i32, f32, ptr, i32, ptr, i32, f32, ptr, i32),
                Linker.Option.critical(true));
        System.out.println("OpenBLAS core: " + ((MemorySegment) core.invokeExact()).reinterpret(64).getString(0)
                + ", Nabla threads: " + Parallel.threads());
        for (int n : new int[] {64, 128, 256, 512, 1024, 2048}) {
            SplittableRandom r = new SplittableRandom(1);
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (2 * r.nextDouble() - 1);
                b[i] = (float) (2 * r.nextDouble() - 1);
            }
            for (String mode : new String[] {"nabla-java", "openblas-halves", "openblas-own-threads"}) {
                setThreads.invokeExact(mode.equals("openblas-own-threads") ? 2 : 1);
                System.out.printf("n=%d %-22s %6.1f GFLOP/s%n", n, mode, measure(mode, n, a, b, c));
            }
        }
    }

    /** Median GFLOP/s of seven repetitions of about 0.25 s, after 1.5 s of warm-up. */
    static double measure(String mode, int n, float[] a, float[] b, float[] c) throws Throwable {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_500_000_000L) run(mode, n, a, b, c);
        long t = System.nanoTime();
        int reps = 0;
        while (System.nanoTime() - t < 250_000_000L) {
            run(mode, n, a, b, c);
            reps++;
        }
        double[] g = new double[7];
        for (int k = 0; k < g.length; k++) {
            t = System.nanoTime();
            for (int i = 0; i < reps; i++) run(mode, n, a, b, c);
            g[k] = 2.0 * n * n * n * reps / (System.nanoTime() - t);
        }
        Arrays.sort(g);
        return g[g.length / 2];
    }

    static void run(String mode, int n, float[] a, float[] b, float[] c) throws Throwable {
        switch (mode) {
            case "nabla-java" -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            case "openblas-own-threads" -> rows(n, a, b, c, 0, n);
            default -> {
                Future<?> other = WORKER.submit(() -> {
                    try {
                        rows(n, a, b, c, n / 2, n);
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                });
                rows(n, a, b, c, 0, n / 2);
                other.get();
            }
        }
    }

    /** Rows [lo, hi) of C = A B through cblas_sgemm (row-major, 101; no transpose, 111). */
    static void rows(int n, float[] a, float[] b, float[] c, int lo, int hi) throws Throwable {
        sgemm.invokeExact(101, 111, 111, hi - lo, n, n, 1f, MemorySegment.ofArray(a).asSlice(4L * lo * n), n,
                MemorySegment.ofArray(b), n, 0f, MemorySegment.ofArray(c).asSlice(4L * lo * n), n);
    }
}
