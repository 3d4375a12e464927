package dev.telltale.core.internal.torch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads {@code testdata/vectors/hf.json} (made by {@code testdata/scripts/hf_vectors.py} with PyTorch). */
final class HfVectors {
    private static JsonNode root;

    private HfVectors() {}

    static synchronized JsonNode get() {
        if (root == null) {
            try (InputStream in = HfVectors.class.getClassLoader().getResourceAsStream("telltale-testdata/vectors/hf.json")) {
                if (in == null) {
                    throw new IllegalStateException("hf.json must be on the test classpath (telltale-testdata)");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static long unsigned(JsonNode n) {
        return Long.parseUnsignedLong(n.asText());
    }

    static long signed(JsonNode n) {
        return Long.parseLong(n.asText());
    }

    static int[] ints(JsonNode arr) {
        int[] r = new int[arr.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = arr.get(i).asInt();
        }
        return r;
    }

    /** Σ (i+1)·v_i mod 2^64, the script's checksum. */
    static long checksum(long[] v) {
        long s = 0;
        for (int i = 0; i < v.length; i++) {
            s += (i + 1L) * v[i];
        }
        return s;
    }

    static long checksum(int[] v) {
        long s = 0;
        for (int i = 0; i < v.length; i++) {
            s += (i + 1L) * v[i];
        }
        return s;
    }
}
