package dev.telltale.embed;

/**
 * Decoding settings shared by every scheme.
 *
 * @param temperature softmax temperature, &gt; 0 (1 = the model's distribution)
 * @param topK        keep the k most likely tokens; 0 = no limit
 * @param topP        nucleus mass in (0, 1]; 1 = no limit
 */
public record SamplingConfig(double temperature, int topK, double topP) {
    public static final SamplingConfig DEFAULT = new SamplingConfig(1.0, 0, 1.0);

    public SamplingConfig {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
    }
}
