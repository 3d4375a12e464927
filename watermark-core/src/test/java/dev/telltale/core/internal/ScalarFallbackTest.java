package dev.telltale.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.telltale.core.KgwSelfHash;
import dev.telltale.core.Tt1Prf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (how {@code java -jar telltale.jar}
 * runs) must take the scalar paths, not fail to link the vector classes, and compute the same values as
 * this (vector-enabled) test JVM.
 */
class ScalarFallbackTest {

    /** Entry point of the child JVM: prints the checksum of every dispatching kernel. */
    public static void main(String[] args) {
        System.out.println(Simd.AVAILABLE + " " + checksum());
    }

    static long checksum() {
        SplittableRandom r = new SplittableRandom(42);
        int[] ids = new int[4000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(151_669);
        }
        int[] ends = new int[3000];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 2 + r.nextInt(ids.length - 2);
        }
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        Tt1Prf prf = dev.telltale.core.WatermarkKey.fromSecret(secret, dev.telltale.core.Schemes.KGW_V1,
                new dev.telltale.core.TokenizerRef("t", "0".repeat(64), 151_669), java.time.Instant.EPOCH).prf();
        long[] seeds = new long[ends.length];
        prf.seeds(ids, ends, ends.length, 2, seeds, new long[Tt1Prf.SEED_SCRATCH]);
        long sum = 0;
        for (long s : seeds) {
            sum = sum * 31 + s;
        }
        float[] logits = new float[50_001];
        Tt1Prf.addGreenBias(seeds[0], Tt1Prf.greenThreshold(0.25), 2f, logits);
        long[] anchors = new long[logits.length];
        for (int v = 0; v < anchors.length; v++) {
            anchors[v] = r.nextLong();
        }
        KgwSelfHash.addGreenBias(seeds[1], anchors, Tt1Prf.greenThreshold(0.5), 1f, logits, logits.length);
        for (float f : logits) {
            sum = sum * 31 + Float.floatToIntBits(f);
        }
        double[] weights = new double[logits.length];
        for (int v = 0; v < weights.length; v++) {
            weights[v] = Math.exp(logits[v] - 3.0 * r.nextDouble());
        }
        for (int i = 0; i < 20; i++) {
            sum = sum * 31 + GumbelArgmax.argmax(seeds[i], weights);
        }
        sum = sum * 31 + Tt1Prf.countGreen(seeds, ids, ends, ends.length, Tt1Prf.greenThreshold(0.25));
        long[] values = new long[1001];
        Tt1Prf.values(seeds[2], values, values.length);
        for (long u : values) {
            sum = sum * 31 + u;
        }
        short[][] patterns = new short[2][1001];
        Tt1Prf.patterns(seeds[3], 0, 1001, new int[] {0, 50}, new int[] {0xFFF, 0x3FF}, patterns, 2);
        for (short[] field : patterns) {
            for (short b : field) {
                sum = sum * 31 + b;
            }
        }
        for (int i = Shorts.indexOf(patterns[0], 0, 1001, 0xF, 7); i < 1001; i = Shorts.indexOf(patterns[0], i + 1, 1001, 0xF, 7)) {
            sum = sum * 31 + i;
        }
        return sum;
    }

    @Test
    void jvmWithoutVectorModule_usesScalarPaths_withTheSameResults() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ScalarFallbackTest.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), "child JVM failed: " + out);
        assertEquals("false " + checksum(), out);
        assertEquals(true, Simd.AVAILABLE, "this test JVM should run the vector paths (surefire argLine)");
    }
}
