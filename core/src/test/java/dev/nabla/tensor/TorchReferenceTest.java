package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.io.SafeTensors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Forward values and gradients against PyTorch 1.13, from the fixture written by
 * {@code tools/reference/ops_fixtures.py}. Each test method is one case of that script, by name:
 * the inputs {@code name.<in>}, the float64 result {@code name.out} (and {@code name.out1}), and,
 * for floating results, the gradients {@code name.grad_<in>} of {@code sum(out * name.R)}.
 * Tolerances as DESIGN.md section 6: rtol 1e-4, atol 1e-5.
 */
class TorchReferenceTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Map<String, Tensor> FIXTURE = load();

    private static Map<String, Tensor> load() {
        try {
            var url = TorchReferenceTest.class.getResource("/fixtures/ops.safetensors");
            assertNotNull(url, "fixtures/ops.safetensors is missing: run /usr/bin/python3 tools/reference/ops_fixtures.py");
            return SafeTensors.load(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The inputs of one case, fresh leaves; floating ones require grad when the fixture has their gradient. */
    static final class In {
        final Map<String, Tensor> tensors = new LinkedHashMap<>();

        Tensor get(String key) {
            Tensor t = tensors.get(key);
            assertNotNull(t, "no input '" + key + "' in the fixture");
            return t;
        }
    }

    private static void check(String name, Function<In, Tensor> op) {
        checkAll(name, in -> new Tensor[] {op.apply(in)});
    }

    private static void checkAll(String name, Function<In, Tensor[]> op) {
        In in = new In();
        String prefix = name + ".";
        for (var e : FIXTURE.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) continue;
            String k = key.substring(prefix.length());
            if (k.startsWith("out") || k.startsWith("grad_") || k.equals("R")) continue;
            Tensor t = Tensor.fromArray(e.getValue().toDoubleArray(), e.getValue().dtype(), e.getValue().dims());
            if (FIXTURE.containsKey(prefix + "grad_" + k)) t.requiresGrad(true);
            in.tensors.put(k, t);
        }
        assertTrue(FIXTURE.containsKey(prefix + "out"), "no case '" + name + "' in the fixture");
        Tensor[] outs = op.apply(in);
        for (int i = 0; i < outs.length; i++) {
            String key = prefix + "out" + (i == 0 ? "" : i);
            compare(key, FIXTURE.get(key), outs[i]);
        }
        Tensor r = FIXTURE.get(prefix + "R");
        if (r == null) return;
        outs[0].mul(r).sum().backward();
        for (var e : in.tensors.entrySet()) {
            Tensor expected = FIXTURE.get(prefix + "grad_" + e.getKey());
            if (expected == null) continue;
            assertNotNull(e.getValue().grad(), name + ": no gradient for input '" + e.getKey() + "'");
            compare(prefix + "grad_" + e.getKey(), expected, e.getValue().grad());
        }
    }

    private static void compare(String what, Tensor expected, Tensor actual) {
        assertNotNull(expected, what + " is not in the fixture");
        assertArrayEquals(expected.dims(), actual.dims(), what + ": shape " + Arrays.toString(actual.dims())
                + ", torch has " + Arrays.toString(expected.dims()));
        if (!expected.dtype().isFloating()) assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int worst = -1;
        double worstErr = 0;
        int bad = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]);
            boolean ok = err <= ATOL + RTOL * Math.abs(e[i]) || (Double.isNaN(e[i]) && Double.isNaN(a[i])) || e[i] == a[i];
            if (!ok) bad++;
            if (!ok && (worst < 0 || err > worstErr || Double.isNaN(err))) {
                worst = i;
                worstErr = err;
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + e.length + " elements differ from torch; worst at flat index " + worst
                    + ": nabla " + a[worst] + ", torch " + e[worst] + " (abs error " + worstErr + ")");
        }
    }

    @Test
    void everyFixtureCaseHasATest() {
        List<String> missing = new ArrayList<>();
        for (String key : new TreeSet<>(FIXTURE.keySet())) {
            String name = key.substring(0, key.indexOf('.'));
            try {
                TorchReferenceTest.class.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                if (!missing.contains(name)) missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "fixture cases without a test method");
    }

    // ---------------------------------------------------------------- elementwise, unary

    @Test void neg() { check("neg", in -> in.get("a").neg()); }
    @Test void abs() { check("abs", in -> in.get("a").abs()); }
    @Test void sign() { check("sign", in -> in.get("a").sign()); }
    @Test void exp() { check("exp", in -> in.get("a").exp()); }
    @Test void log() { check("log", in -> in.get("a").log()); }
    @Test void log1p() { check("log1p", in -> in.get("a").log1p()); }
    @Test void expm1() { check("expm1", in -> in.get("a").expm1()); }
    @Test void sqrt() { check("sqrt", in -> in.get("a").sqrt()); }
    @Test void rsqrt() { check("rsqrt", in -> in.get("a").rsqrt()); }
    @Test void sin() { check("sin", in -> in.get("a").sin()); }
    @Test void cos() { check("cos", in -> in.get("a").cos()); }
    @Test void tanh() { check("tanh", in -> in.get("a").tanh()); }
    @Test void sigmoid() { check("sigmoid", in -> in.get("a").sigmoid()); }
    @Test void relu() { check("relu", in -> in.get("a").relu()); }
    @Test void square() { check("square", in -> in.get("a").square()); }
    @Test void reciprocal() { check("reciprocal", in -> in.get("a").reciprocal()); }
    @Test void clamp() { check("clamp", in -> in.get("a").clamp(-0.5, 0.7)); }
    @Test void clampMin() { check("clampMin", in -> in.get("a").clampMin(-0.2)); }
    @Test void clampMax() { check("clampMax", in -> in.get("a").clampMax(0.3)); }
    @Test void powScalar() { check("powScalar", in -> in.get("a").pow(3)); }
    @Test void powFractional() { check("powFractional", in -> in.get("a").pow(2.5)); }
    @Test void addScalar() { check("addScalar", in -> in.get("a").add(1.5)); }
    @Test void mulScalar() { check("mulScalar", in -> in.get("a").mul(-2.5)); }
    @Test void divScalar() { check("divScalar", in -> in.get("a").div(4)); }
    @Test void rsubScalar() { check("rsubScalar", in -> in.get("a").rsub(2)); }
    @Test void rdivScalar() { check("rdivScalar", in -> in.get("a").rdiv(3)); }

    // ---------------------------------------------------------------- elementwise, binary with broadcasting

    @Test void add() { check("add", in -> in.get("a").add(in.get("b"))); }
    @Test void sub() { check("sub", in -> in.get("a").sub(in.get("b"))); }
    @Test void mul() { check("mul", in -> in.get("a").mul(in.get("b"))); }
    @Test void div() { check("div", in -> in.get("a").div(in.get("b"))); }
    @Test void pow() { check("pow", in -> in.get("a").pow(in.get("b"))); }
    @Test void maximum() { check("maximum", in -> in.get("a").maximum(in.get("b"))); }
    @Test void minimum() { check("minimum", in -> in.get("a").minimum(in.get("b"))); }
    @Test void addLong() { check("addLong", in -> in.get("a").add(in.get("b"))); }
    @Test void mulRowBroadcast() { check("mulRowBroadcast", in -> in.get("a").mul(in.get("b"))); }
    @Test void permuteAdd() { check("permuteAdd", in -> in.get("a").permute(2, 0, 1).add(in.get("b"))); }
    @Test void eq() { check("eq", in -> in.get("a").eq(in.get("b"))); }
    @Test void lt() { check("lt", in -> in.get("a").lt(in.get("b"))); }
    @Test void ge() { check("ge", in -> in.get("a").ge(in.get("b"))); }
    @Test void where() { check("where", in -> Tensor.where(in.get("cond"), in.get("a"), in.get("b"))); }

    // ---------------------------------------------------------------- reductions

    @Test void sumAll() { check("sumAll", in -> in.get("a").sum()); }
    @Test void sumDim1() { check("sumDim1", in -> in.get("a").sum(1)); }
    @Test void sumDim2Keep() { check("sumDim2Keep", in -> in.get("a").sum(2, true)); }
    @Test void sumDims02() { check("sumDims02", in -> in.get("a").sum(new int[] {0, 2}, false)); }
    @Test void meanAll() { check("meanAll", in -> in.get("a").mean()); }
    @Test void meanDim0() { check("meanDim0", in -> in.get("a").mean(0)); }
    @Test void meanDims12Keep() { check("meanDims12Keep", in -> in.get("a").mean(new int[] {1, 2}, true)); }
    @Test void varAllUnbiased() { check("varAllUnbiased", in -> in.get("a").var(true)); }
    @Test void varAllBiased() { check("varAllBiased", in -> in.get("a").var(false)); }
    @Test void varDim1Unbiased() { check("varDim1Unbiased", in -> in.get("a").var(1, true, false)); }
    @Test void varDim2BiasedKeep() { check("varDim2BiasedKeep", in -> in.get("a").var(2, false, true)); }
    @Test void varDims02Unbiased() { check("varDims02Unbiased", in -> in.get("a").var(new int[] {0, 2}, true, false)); }
    @Test void stdAllUnbiased() { check("stdAllUnbiased", in -> in.get("a").std(true)); }
    @Test void stdDim0Biased() { check("stdDim0Biased", in -> in.get("a").std(0, false, false)); }
    @Test void prodAll() { check("prodAll", in -> in.get("a").prod()); }
    @Test void prodDim1Keep() { check("prodDim1Keep", in -> in.get("a").prod(1, true)); }
    @Test void maxAll() { check("maxAll", in -> in.get("a").max()); }
    @Test void minAll() { check("minAll", in -> in.get("a").min()); }
    @Test void amaxDims01() { check("amaxDims01", in -> in.get("a").amax(new int[] {0, 1}, false)); }
    @Test void aminDim2Keep() { check("aminDim2Keep", in -> in.get("a").amin(new int[] {2}, true)); }
    @Test void maxDim1() { checkAll("maxDim1", in -> pair(in.get("a").max(1, false))); }
    @Test void minDim0Keep() { checkAll("minDim0Keep", in -> pair(in.get("a").min(0, true))); }
    @Test void argmaxAll() { check("argmaxAll", in -> in.get("a").argmax()); }
    @Test void argmaxDim2() { check("argmaxDim2", in -> in.get("a").argmax(2, false)); }
    @Test void argminDim0() { check("argminDim0", in -> in.get("a").argmin(0, false)); }
    @Test void logsumexpDim1() { check("logsumexpDim1", in -> in.get("a").logsumexp(1, false)); }
    @Test void logsumexpDim2Keep() { check("logsumexpDim2Keep", in -> in.get("a").logsumexp(2, true)); }
    @Test void logsumexpLarge() { check("logsumexpLarge", in -> in.get("a").logsumexp(1, false)); }
    @Test void norm1All() { check("norm1All", in -> in.get("a").norm(1)); }
    @Test void norm2All() { check("norm2All", in -> in.get("a").norm(2)); }
    @Test void normInfAll() { check("normInfAll", in -> in.get("a").norm(INF)); }
    @Test void norm1Dim1() { check("norm1Dim1", in -> in.get("a").norm(1, 1, false)); }
    @Test void norm2Dim2Keep() { check("norm2Dim2Keep", in -> in.get("a").norm(2, 2, true)); }
    @Test void normInfDim0() { check("normInfDim0", in -> in.get("a").norm(INF, 0, false)); }
    @Test void softmaxDim0() { check("softmaxDim0", in -> in.get("a").softmax(0)); }
    @Test void softmaxDim1() { check("softmaxDim1", in -> in.get("a").softmax(1)); }
    @Test void softmaxDimLast() { check("softmaxDimLast", in -> in.get("a").softmax(-1)); }
    @Test void softmaxLarge() { check("softmaxLarge", in -> in.get("a").softmax(-1)); }
    @Test void logSoftmaxDim0() { check("logSoftmaxDim0", in -> in.get("a").logSoftmax(0)); }
    @Test void logSoftmaxDim1() { check("logSoftmaxDim1", in -> in.get("a").logSoftmax(1)); }
    @Test void logSoftmaxDimLast() { check("logSoftmaxDimLast", in -> in.get("a").logSoftmax(-1)); }
    @Test void logSoftmaxLarge() { check("logSoftmaxLarge", in -> in.get("a").logSoftmax(-1)); }

    private static Tensor[] pair(Reductions.ValuesIndices vi) {
        return new Tensor[] {vi.values(), vi.indices()};
    }

    // ---------------------------------------------------------------- linear algebra

    @Test void matmulVecVec() { check("matmulVecVec", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulMatVec() { check("matmulMatVec", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulVecMat() { check("matmulVecMat", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulMatMat() { check("matmulMatMat", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulBatchedBroadcast() { check("matmulBatchedBroadcast", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulBatchedVec() { check("matmulBatchedVec", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulLarge() { check("matmulLarge", in -> in.get("a").matmul(in.get("b"))); }
    @Test void matmulTransposed() { check("matmulTransposed", in -> in.get("a").t().matmul(in.get("b").t())); }
    @Test void bmm() { check("bmm", in -> in.get("a").bmm(in.get("b"))); }
    @Test void outer() { check("outer", in -> in.get("a").outer(in.get("b"))); }

    // ---------------------------------------------------------------- indexing

    @Test void gather() { check("gather", in -> in.get("a").gather(1, in.get("idx"))); }
    @Test void gatherDim0() { check("gatherDim0", in -> in.get("a").gather(0, in.get("idx"))); }
    @Test void scatterAdd() { check("scatterAdd", in -> in.get("a").scatterAdd(0, in.get("idx"), in.get("src"))); }
    @Test void indexSelect() { check("indexSelect", in -> in.get("a").indexSelect(1, in.get("idx"))); }
    @Test void indexSelectDim0() { check("indexSelectDim0", in -> in.get("a").indexSelect(0, in.get("idx"))); }
    @Test void maskedFill() { check("maskedFill", in -> in.get("a").maskedFill(in.get("mask"), -1.5)); }
    @Test void oneHot() { check("oneHot", in -> in.get("idx").oneHot(4)); }

    // ---------------------------------------------------------------- joining and rearranging

    @Test void cat() { check("cat", in -> Tensor.cat(1, in.get("a"), in.get("b"))); }
    @Test void catDim0() { check("catDim0", in -> Tensor.cat(0, in.get("a"), in.get("b"))); }
    @Test void stack() { check("stack", in -> Tensor.stack(0, in.get("a"), in.get("b"))); }
    @Test void stackDim2() { check("stackDim2", in -> Tensor.stack(2, in.get("a"), in.get("b"))); }
    @Test void pad() { check("pad", in -> in.get("a").pad(new int[] {1, 2}, 0)); }
    @Test void pad2d() { check("pad2d", in -> in.get("a").pad(new int[] {1, 0, 2, 1}, 0.5)); }
    @Test void flip() { check("flip", in -> in.get("a").flip(0, 2)); }
    @Test void roll() { check("roll", in -> in.get("a").roll(1, 1)); }
    @Test void rollNegative() { check("rollNegative", in -> in.get("a").roll(-2, 0)); }
    @Test void repeat() { check("repeat", in -> in.get("a").repeat(2, 1, 3)); }
    @Test void tril() { check("tril", in -> in.get("a").tril(0)); }
    @Test void trilAbove() { check("trilAbove", in -> in.get("a").tril(1)); }
    @Test void triu() { check("triu", in -> in.get("a").triu(0)); }
    @Test void triuBelow() { check("triuBelow", in -> in.get("a").triu(-1)); }
    // The forward value matches torch; the gradient does not flow: Tensor.contiguous() on a non-contiguous
    // tensor returns Views.contiguousCopy, which records no graph node, so backward() finds nothing that
    // requires grad ("backward: the tensor [] does not require grad"). torch's contiguous() is differentiable.
    @Test void transpose() { check("transpose", in -> in.get("a").transpose(0, 2).contiguous()); }
    @Test void sliceStep() { check("sliceStep", in -> in.get("a").slice(0, 1, 6, 2)); }
    @Test void reshapeTransposed() { check("reshapeTransposed", in -> in.get("a").t().reshape(2, 6)); }
    @Test void expandMul() { check("expandMul", in -> in.get("a").expand(3, 4).mul(in.get("b"))); }
    @Test void selectNarrow() { check("selectNarrow", in -> in.get("a").select(1, 2).narrow(1, 1, 2)); }
    @Test void splitCat() { check("splitCat", in -> Tensor.cat(0, reversed(in.get("a").split(2, 0)))); }
    @Test void chunkCat() { check("chunkCat", in -> Tensor.cat(1, reversed(in.get("a").chunk(2, 1)))); }

    private static Tensor[] reversed(Tensor[] pieces) {
        Tensor[] r = new Tensor[pieces.length];
        for (int i = 0; i < r.length; i++) r[i] = pieces[pieces.length - 1 - i];
        return r;
    }
}
