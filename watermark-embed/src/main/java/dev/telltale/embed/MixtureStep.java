package dev.telltale.embed;

import java.util.Arrays;

/**
 * One next-token distribution in mixture form (see {@link MixtureModel}): the weight of the dense base
 * distribution and the sparse (id, extra) pairs; the total mass is {@link #denseWeight()} +
 * {@link #extraTotal()} (1 for a normalised model). Reused across steps: arrays grow, never shrink.
 */
public final class MixtureStep {
    private double denseWeight;
    private double extraTotal;
    private int size;
    private int[] ids = new int[64];        // [size] sparse token ids
    private double[] extras = new double[64]; // [size] their extra mass, ≥ 0

    /** Starts a new step with the given base weight λ(h) and no sparse entries. */
    void reset(double denseWeight) {
        this.denseWeight = denseWeight;
        this.extraTotal = 0;
        this.size = 0;
    }

    void ensureCapacity(int n) {
        if (n > ids.length) {
            int c = Math.max(n, ids.length * 2);
            ids = Arrays.copyOf(ids, c);
            extras = Arrays.copyOf(extras, c);
        }
    }

    void add(int id, double extra) {
        if (size == ids.length) {
            ensureCapacity(size + 1);
        }
        ids[size] = id;
        extras[size] = extra;
        extraTotal += extra;
        size++;
    }

    public double denseWeight() {
        return denseWeight;
    }

    public double extraTotal() {
        return extraTotal;
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public double extra(int i) {
        return extras[i];
    }
}
