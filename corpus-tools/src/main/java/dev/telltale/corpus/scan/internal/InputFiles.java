package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.InputFormat;
import dev.telltale.corpus.scan.ScanException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the scan's inputs into files: files as given, folders recursively in path order. Names starting with
 * {@code .} or {@code _} inside folders are passed over (hidden files, Hadoop/Spark {@code _SUCCESS} markers,
 * {@code .crc} checksums).
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * @throws ScanException for a missing input, or (with {@link InputFormat#AUTO}) a file named on the command
     *                       line whose format its name does not tell
     */
    public static List<InputFile> expand(List<Path> inputs, InputFormat format) {
        List<InputFile> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(in)) {
                    found = walk.filter(Files::isRegularFile).filter(p -> !hidden(in.relativize(p))).sorted().toList();
                } catch (IOException | UncheckedIOException e) {
                    throw new ScanException("cannot list folder " + in + ": " + e.getMessage());
                }
                for (Path p : found) {
                    files.add(describe(p, p.toString(), format == InputFormat.AUTO
                            ? InputFormat.fromName(p.getFileName().toString()) : format));
                }
            } else if (Files.isRegularFile(in)) {
                InputFormat f = format == InputFormat.AUTO ? InputFormat.fromName(in.getFileName().toString()) : format;
                if (f == null) {
                    throw new ScanException("cannot tell the format of " + in + " from its name; pass --format "
                            + "jsonl|text|parquet|warc");
                }
                files.add(describe(in, in.toString(), f));
            } else {
                throw new ScanException("input not found: " + in);
            }
        }
        if (files.isEmpty()) {
            throw new ScanException("no input files found in " + inputs);
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String s = part.toString();
            if (s.startsWith(".") || s.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static InputFile describe(Path p, String name, InputFormat f) {
        try {
            return new InputFile(p, name, f, Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            throw new ScanException("cannot read " + p + ": " + e.getMessage());
        }
    }
}
