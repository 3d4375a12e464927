package dev.telltale.cli;

import dev.telltale.core.KeyFiles;
import java.io.Console;
import java.util.Arrays;

/** Passphrases come from {@code TELLTALE_KEY_PASSPHRASE} or an interactive prompt, never from argv. */
final class Passphrases {
    static final String ENV = "TELLTALE_KEY_PASSPHRASE";

    private Passphrases() {}

    /** For opening a sealed key file. */
    static char[] forOpening() throws KeyFiles.KeyFileException {
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            throw new KeyFiles.KeyFileException("the key file is sealed: set " + ENV + " or run in a terminal to be asked");
        }
        char[] p = c.readPassword("Passphrase for the key file: ");
        if (p == null || p.length == 0) {
            throw new KeyFiles.KeyFileException("no passphrase given");
        }
        return p;
    }

    /** For sealing a new key file: asks twice when interactive. */
    static char[] forSealing() {
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            throw new UsageException("set " + ENV + " (or run in a terminal) to seal the key, or pass --insecure-plaintext for a development key");
        }
        char[] a = c.readPassword("New passphrase: ");
        char[] b = c.readPassword("Repeat passphrase: ");
        if (a == null || a.length == 0 || !Arrays.equals(a, b)) {
            throw new UsageException("passphrases are empty or do not match");
        }
        Arrays.fill(b, '\0');
        return a;
    }
}
