package dev.telltale.server.internal;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountAttribution;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.AccountTracers;
import dev.telltale.detect.Detector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watermark keys a server detects with, loaded from {@code DATA/keys/*.json} (sealed files open with
 * {@code TELLTALE_KEY_PASSPHRASE}; development keys in clear load as they are) and named by key id only.
 * One {@link Detector} per (key, α) is built once and shared: detectors are thread-safe. Account keys also get one
 * {@link AccountTracer} each ({@link #trace}).
 */
public final class KeyRing {
    /** A loaded key and its tokenizer. */
    public record Entry(WatermarkKey key, TextTokenizer tokenizer) {}

    private record DetectorKey(String keyId, double alpha) {}

    private final Path dir;
    private final TokenizerImpl tokenizerImpl;
    private final char[] passphrase;
    private final Map<String, Entry> keys = new ConcurrentHashMap<>();
    private final Map<DetectorKey, Detector> detectors = new ConcurrentHashMap<>();
    private final Map<String, AccountTracer> tracers = new ConcurrentHashMap<>();

    public KeyRing(Path dir, TokenizerImpl tokenizerImpl, char[] passphrase) {
        this.dir = dir;
        this.tokenizerImpl = tokenizerImpl;
        this.passphrase = passphrase;
    }

    /** Loads every key file in the directory; a file that cannot be opened stops the start with its reason. */
    public void loadAll(PrintStream log) throws IOException, KeyFiles.KeyFileException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{json,key}")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            WatermarkKey k = KeyFiles.read(f, () -> {
                if (passphrase == null) {
                    throw new KeyFiles.KeyFileException("key file " + f + " is sealed: set TELLTALE_KEY_PASSPHRASE");
                }
                return passphrase.clone();
            });
            add(k);
            log.println("key " + k.keyId() + " (" + k.scheme().schemeId() + ", tokenizer " + k.tokenizer().id() + ") from " + f.getFileName());
            warmTracer(k, log);
        }
    }

    /**
     * Builds an account key's tracer on a background thread, so that the first trace does not pay for it
     * ({@code kgw-account-keys}: N sub-keys, ~2 s and 8 MB per million accounts). A request arriving meanwhile
     * waits for the same tracer.
     */
    public void warmTracer(WatermarkKey k, PrintStream log) {
        if (!AccountTracers.supports(k)) {
            return;
        }
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                tracer(k).trace(new int[0]);
                log.printf(java.util.Locale.ROOT, "account tracer of key %s ready (%s, %.1f s)%n", k.keyId(), k.scheme().schemeId(),
                        (System.nanoTime() - start) / 1e9);
            } catch (RuntimeException | OutOfMemoryError e) {
                log.println("account tracer of key " + k.keyId() + " could not be built: " + e); // traces will fail with it too
            }
        }, "telltale-tracer-" + k.keyId());
        t.setDaemon(true);
        t.start();
    }

    private AccountTracer tracer(WatermarkKey key) {
        return tracers.computeIfAbsent(key.keyId(), id -> AccountTracers.forKey(key, Detector.DEFAULT_ALPHA));
    }

    /** Adds a key (and loads its tokenizer, checking the hash). */
    public Entry add(WatermarkKey k) {
        Entry e = new Entry(k, Tokenizers.forKey(k, tokenizerImpl));
        keys.put(k.keyId(), e);
        return e;
    }

    public Path dir() {
        return dir;
    }

    public char[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    public Collection<Entry> entries() {
        return new TreeMap<>(keys).values();
    }

    /** The key with this id; with {@code keyId} null, the only key if there is exactly one. */
    public Entry entry(String keyId) {
        if (keyId == null) {
            if (keys.size() == 1) {
                return keys.values().iterator().next();
            }
            throw ApiError.badRequest(keys.isEmpty() ? "the server has no keys (put key files in DATA/keys)"
                    : "key_id is required: the server has " + keys.size() + " keys (GET /v1/keys)");
        }
        Entry e = keys.get(keyId);
        if (e == null) {
            throw ApiError.notFound("unknown key id '" + keyId + "' (GET /v1/keys lists the server's keys)");
        }
        return e;
    }

    /** The shared detector for (key, α). */
    public Detector detector(String keyId, double alpha) {
        Entry e = entry(keyId);
        if (!(alpha > 0 && alpha < 1)) {
            throw ApiError.badRequest("alpha must be in (0, 1), got " + alpha);
        }
        if (detectors.size() > 256) {
            detectors.clear(); // callers choosing many distinct alphas: rebuild rather than grow without bound
        }
        return detectors.computeIfAbsent(new DetectorKey(e.key().keyId(), alpha), dk -> new Detector(e.key(), e.tokenizer(), alpha));
    }

    /**
     * Traces token ids of an account key's text (docs/attribution.md): the same result as
     * {@code AccountTracers.forKey(key, alpha).trace(ids)}, so a report from the server and {@code detect --trace}
     * agree on the same text.
     *
     * <p>One tracer per key, whatever α: a {@code kgw-account-keys} tracer holds its N derived sub-keys (8 MB and
     * ~2 s per million accounts, built in the background when the key is loaded), which must not be repeated for every α a caller picks. The
     * search and the corrected p-value do not depend on α; α only sets the level in the result
     * ({@link AccountAttribution#attributed()} compares log10 p with it), so the result is re-stated at the
     * caller's α. Tests compare it with a tracer built at that α.
     *
     * @throws IllegalArgumentException if the key has no accounts ({@link AccountTracers#supports})
     */
    public AccountAttribution trace(String keyId, int[] ids, double alpha) {
        WatermarkKey key = entry(keyId).key();
        AccountAttribution a = tracer(key).trace(ids);
        return new AccountAttribution(a.keyId(), a.scheme(), a.method(), a.accounts(), a.tokensTotal(), a.tokensScored(),
                a.candidate(), a.matches(), a.log10PValue(), alpha, a.details());
    }
}
