package dev.telltale.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads text input strictly: UTF-8 only, binary refused, with the byte offset of the problem. */
final class Inputs {
    /** Inputs larger than this are refused (use {@code scan} for corpora). */
    static final long MAX_BYTES = 256L << 20;

    private Inputs() {}

    /** Reads a file, or standard input for "-". */
    static byte[] readBytes(String file) {
        try {
            if ("-".equals(file)) {
                try (InputStream in = System.in) {
                    byte[] b = in.readNBytes((int) MAX_BYTES + 1);
                    if (b.length > MAX_BYTES) {
                        throw new UsageException("standard input is larger than " + (MAX_BYTES >> 20) + " MiB");
                    }
                    return b;
                }
            }
            Path p = Path.of(file);
            if (Files.isDirectory(p)) {
                throw new UsageException(file + " is a directory, not a text file");
            }
            if (Files.size(p) > MAX_BYTES) {
                throw new UsageException(file + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new UsageException("input file not found: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Decodes strict UTF-8 and refuses binary data (NUL bytes). */
    static String decodeText(byte[] bytes, String name) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UsageException(name + " looks binary (NUL byte at offset " + i + "); give UTF-8 text");
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new UsageException(name + " is not valid UTF-8 (bad byte sequence at offset " + in.position() + ")");
        }
        dec.flush(out);
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
