package dev.nabla.openblas;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.SgemmProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Large float32 products through OpenBLAS, from the Maven artifact {@code org.bytedeco:openblas} (Linux x86-64),
 * called with the foreign-function API directly on the heap arrays (critical downcalls: no copies; the collector
 * waits for the call to return).
 *
 * <p>OpenBLAS runs single-threaded, once per block of C, on Nabla's own pool: OpenBLAS's threads spin between
 * calls, and a second pool on a small machine costs more than it gains (DESIGN.md). The blocks depend on the shape
 * only, and OpenBLAS computes an element of C the same way whatever block it lies in, so results do not depend on
 * the thread count. Products below {@link #MIN_MACS} stay in Java, which is as fast or faster there (BENCHMARKS.md,
 * "GEMM: the Java kernels beside native OpenBLAS").
 */
public final class OpenBlasSgemm implements SgemmProvider {
    /** Smallest product (m*n*k) handed to OpenBLAS: measured to win from n = 1024 on. */
    static final long MIN_MACS = 1L << 30;
    /** Largest side of a block of C that one OpenBLAS call computes. */
    static final int MAX_BLOCK = 1024;
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private final MethodHandle sgemm;
    private final String name;
    private final long minMacs;

    /** The service: OpenBLAS if it loads on this machine, else a provider that declines every product. */
    public OpenBlasSgemm() {
        this(MIN_MACS);
    }

    OpenBlasSgemm(long minMacs) {
        this.minMacs = minMacs;
        MethodHandle h = null;
        String n;
        try {
            Library lib = Library.load();
            h = lib.sgemm;
            n = "OpenBLAS " + lib.version.split("-")[0] + " (" + lib.core + "; org.bytedeco:openblas " + lib.version
                    + ")";
        } catch (RuntimeException | LinkageError e) {
            n = "OpenBLAS, not loaded: " + e.getMessage();
            System.err.println("nabla: " + n + "; large products use the Java GEMM");
        }
        this.sgemm = h;
        this.name = n;
    }

    @Override
    public boolean available() {
        return sgemm != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (sgemm == null || (long) m * n * k < minMacs) return false;
        // Cut the longer side of C into at least two nearly equal blocks of at most MAX_BLOCK (multiples of 16).
        boolean byRows = m >= n;
        int side = byRows ? m : n;
        int blocks = Math.max(2, (side + MAX_BLOCK - 1) / MAX_BLOCK);
        int size = ((side + blocks - 1) / blocks + 15) / 16 * 16;
        int count = (side + size - 1) / size;
        Parallel.run(count, i -> {
            int lo = i * size, len = Math.min(size, side - lo);
            if (byRows) {
                call(tA, tB, len, n, k, alpha, a, aOff + (tA ? lo : lo * lda), lda, b, bOff, ldb, beta, c,
                        cOff + lo * ldc, ldc);
            } else {
                call(tA, tB, m, len, k, alpha, a, aOff, lda, b, bOff + (tB ? lo * ldb : lo), ldb, beta, c, cOff + lo,
                        ldc);
            }
        });
        return true;
    }

    private void call(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        try {
            sgemm.invokeExact(ROW_MAJOR, tA ? TRANS : NO_TRANS, tB ? TRANS : NO_TRANS, m, n, k, alpha, at(a, aOff),
                    lda, at(b, bOff), ldb, beta, at(c, cOff), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("gemm: OpenBLAS cblas_sgemm failed", e);
        }
    }

    private static MemorySegment at(float[] x, int off) {
        return MemorySegment.ofArray(x).asSlice(4L * off);
    }

    /** OpenBLAS's shared library, copied out of the artifact into a per-user, per-version directory and opened. */
    private record Library(MethodHandle sgemm, String version, String core) {
        private static final String RESOURCES = "/org/bytedeco/openblas/linux-x86_64/";
        /** libopenblas finds libgfortran (and it libquadmath) beside itself ($ORIGIN). */
        private static final String[] FILES = {"libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0"};

        static Library load() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "");
            if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                throw new IllegalStateException("the bundled library is for Linux x86-64, this is " + os + " " + arch);
            }
            String version = readVersion();
            Path dir = extract(version);
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(dir.resolve(FILES[0]), Arena.global());
            MethodHandle setThreads = linker.downcallHandle(find(lib, "openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            MethodHandle coreName = linker.downcallHandle(find(lib, "openblas_get_corename"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            var i32 = ValueLayout.JAVA_INT;
            var f32 = ValueLayout.JAVA_FLOAT;
            var ptr = ValueLayout.ADDRESS;
            MethodHandle sgemm = linker.downcallHandle(find(lib, "cblas_sgemm"),
                    FunctionDescriptor.ofVoid(i32, i32, i32, i32, i32, i32, f32, ptr, i32, ptr, i32, f32, ptr, i32),
                    Linker.Option.critical(true));
            try {
                setThreads.invokeExact(1);
                String core = ((MemorySegment) coreName.invokeExact()).reinterpret(64).getString(0);
                return new Library(sgemm, version, core);
            } catch (Throwable e) {
                throw new IllegalStateException("OpenBLAS initialisation failed: " + e, e);
            }
        }

        private static MemorySegment find(SymbolLookup lib, String symbol) {
            return lib.find(symbol).orElseThrow(() -> new IllegalStateException("no symbol " + symbol));
        }

        private static String readVersion() {
            Properties p = new Properties();
            try (InputStream in = OpenBlasSgemm.class.getResourceAsStream("openblas.properties")) {
                if (in == null) throw new IllegalStateException("openblas.properties is missing");
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        }

        /**
         * The directory holding the libraries: {@code $XDG_CACHE_HOME/nabla/openblas-VERSION} (default
         * {@code ~/.cache}), made once. The files are written to a fresh directory that is then renamed into place,
         * so a crash or a concurrent JVM never leaves a partial copy. Where the cache cannot be written, a private
         * temporary directory is used (never a shared, predictable path in /tmp that another user could prepare).
         */
        private static Path extract(String version) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache");
            Path dir = cache.resolve("nabla").resolve("openblas-" + version);
            if (complete(dir)) return dir;
            try {
                Files.createDirectories(dir.getParent());
                Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".part");
                try {
                    copyLibraries(staging);
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!complete(dir)) throw e; // else another JVM put a complete copy there first
                } finally {
                    deleteQuietly(staging);
                }
                return dir;
            } catch (IOException e) {
                try {
                    Path own = Files.createTempDirectory("nabla-openblas-");
                    copyLibraries(own);
                    return own;
                } catch (IOException again) {
                    again.addSuppressed(e);
                    throw new UncheckedIOException("cannot copy OpenBLAS out of its jar", again);
                }
            }
        }

        private static boolean complete(Path dir) {
            for (String f : FILES) {
                if (!Files.isRegularFile(dir.resolve(f))) return false;
            }
            return true;
        }

        private static void copyLibraries(Path dir) throws IOException {
            for (String f : FILES) {
                try (InputStream in = OpenBlasSgemm.class.getResourceAsStream(RESOURCES + f)) {
                    if (in == null) throw new IllegalStateException(f + " is not on the class path");
                    Files.copy(in, dir.resolve(f));
                }
            }
        }

        private static void deleteQuietly(Path p) {
            if (!Files.exists(p)) return;
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            } catch (IOException ignored) {
                // a leftover staging directory in the temporary directory is harmless
            }
        }
    }
}
