package dev.telltale.core.internal;

/**
 * Whether the Vector API paths ({@link VectorSipHash}, {@link VectorGreenBias}) may run in this JVM.
 *
 * <p>This class must not mention any {@code jdk.incubator.vector} type: it is loaded on every JVM, and a
 * class whose code refers to vector types cannot even be linked when the module is absent. The vector
 * classes are only touched after {@link #AVAILABLE} was found true.
 */
public final class Simd {
    /**
     * True when the JVM runs with {@code --add-modules jdk.incubator.vector} and prefers vectors of at
     * least 4 longs (otherwise the Vector API falls back to slow Java code and the scalar loops are faster).
     */
    public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && VectorSipHash.lanes() >= 4; // evaluated only when the module is present

    private Simd() {}
}
