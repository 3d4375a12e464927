package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.ScanOptions;
import dev.telltale.detect.Detector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over everything that determines a scan's output: the key (public id, scheme, tokenizer hash), the
 * tokenizer implementation, α, the reading options, and each input file's name, size and modification time.
 * Threads, checkpoint interval and memory budget are left out: the output does not depend on them.
 */
final class Fingerprint {
    private Fingerprint() {}

    static String of(Detector d, ScanOptions o, List<InputFile> files) {
        StringBuilder sb = new StringBuilder("telltale-scan/v1\n");
        sb.append("key ").append(d.key().keyId()).append(' ').append(d.key().scheme().toJson()).append('\n');
        sb.append("tokenizer ").append(d.tokenizer().sha256()).append(' ').append(d.tokenizer().implementation()).append('\n');
        sb.append("alpha ").append(o.alpha()).append('\n');
        sb.append("fields ").append(o.textField()).append('\0').append(o.idField()).append('\n');
        sb.append("format ").append(o.format()).append(" max ").append(o.maxDocBytes()).append('\n');
        for (InputFile f : files) {
            sb.append("file ").append(f.name()).append('\0').append(f.format()).append(' ').append(f.size()).append(' ')
                    .append(f.modified()).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
