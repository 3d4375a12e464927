package dev.telltale.cli;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.WatermarkKey;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --key FILE} option shared by commands that use a key. */
final class KeyOption {
    @Option(names = "--key", required = true, description = "Key file (sealed: passphrase from TELLTALE_KEY_PASSPHRASE or a prompt).")
    Path keyFile;

    WatermarkKey load() throws KeyFiles.KeyFileException {
        return KeyFiles.read(keyFile, Passphrases::forOpening);
    }
}
