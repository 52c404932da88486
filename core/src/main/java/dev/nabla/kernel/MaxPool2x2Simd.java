package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API path of {@link MaxPool2x2}; loaded only when {@link Simd#ENABLED}. */
final class MaxPool2x2Simd {
    private MaxPool2x2Simd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    /**
     * Whole vectors of windows from q = 0: the four corners gathered through the table, the same comparisons as
     * the scalar path as masks (the values compared are those at the chosen indices, which order the same as
     * Math.max's: they differ only in the sign of a zero). Returns how many windows it did.
     */
    static int plane(float[] x, int base, int w, int[] table, float[] y, int yOff, int[] arg) {
        int lanes = F.length(), n = table.length, q = 0;
        for (; q <= n - lanes; q += lanes) {
            FloatVector a0 = FloatVector.fromArray(F, x, base, table, q);
            FloatVector a1 = FloatVector.fromArray(F, x, base + 1, table, q);
            FloatVector a2 = FloatVector.fromArray(F, x, base + w, table, q);
            FloatVector a3 = FloatVector.fromArray(F, x, base + w + 1, table, q);
            VectorMask<Float> c01 = a1.compare(VectorOperators.GT, a0).or(a1.test(VectorOperators.IS_NAN));
            VectorMask<Float> c23 = a3.compare(VectorOperators.GT, a2).or(a3.test(VectorOperators.IS_NAN));
            FloatVector m01 = a0.blend(a1, c01), m23 = a2.blend(a3, c23);
            VectorMask<Float> c = m23.compare(VectorOperators.GT, m01).or(m23.test(VectorOperators.IS_NAN));
            m01.blend(m23, c).intoArray(y, yOff + q);
            IntVector i0 = IntVector.fromArray(I, table, q);
            IntVector j01 = i0.add(1, c01.cast(I));
            IntVector j23 = i0.add(w).add(1, c23.cast(I));
            j01.blend(j23, c.cast(I)).intoArray(arg, yOff + q);
        }
        return q;
    }
}
