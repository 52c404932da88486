package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of {@link UpdateKernels}; loaded only when {@link Simd#ENABLED}. */
final class UpdateKernelsSimd {
    private UpdateKernelsSimd() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static void adam(float[] p, int po, float[] g, int go, float[] m, float[] v, int from, int to,
                     float b1, float ob1, float b2, float ob2, float stepSize, float invSqrtBc2, float eps, float decay,
                     float tiny) {
        int k = from;
        int bound = from + S.loopBound(to - from);
        for (; k < bound; k += S.length()) {
            FloatVector gk = FloatVector.fromArray(S, g, go + k);
            FloatVector pk = FloatVector.fromArray(S, p, po + k).mul(decay);
            FloatVector mk = FloatVector.fromArray(S, m, k).mul(b1).add(gk.mul(ob1));
            FloatVector vk = FloatVector.fromArray(S, v, k).mul(b2).add(gk.mul(ob2).mul(gk));
            mk = mk.blend(0f, mk.abs().compare(VectorOperators.LT, tiny));
            vk = vk.blend(0f, vk.compare(VectorOperators.LT, tiny));
            mk.intoArray(m, k);
            vk.intoArray(v, k);
            FloatVector denom = vk.sqrt().mul(invSqrtBc2).add(eps);
            pk.sub(mk.div(denom).mul(stepSize)).intoArray(p, po + k);
        }
        if (k < to) UpdateKernels.adamScalar(p, po, g, go, m, v, k, to, b1, ob1, b2, ob2, stepSize, invSqrtBc2, eps, decay, tiny);
    }
}
