package dev.telltale.core.internal;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Shorts} on vectors of shorts. Only touch this class when {@link Simd#AVAILABLE} is true (see there).
 */
final class VectorShorts {
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;

    private VectorShorts() {}

    /**
     * {@link Shorts#indexOf} over whole vectors from {@code from}: the first index found, or the first index not
     * searched (the caller searches the tail).
     */
    static int indexOf(short[] a, int from, int to, short mask, short value) {
        int lanes = S.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            VectorMask<Short> hit = ShortVector.fromArray(S, a, i).and(mask).eq(value);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        return i;
    }
}
