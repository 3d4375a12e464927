package dev.telltale.cli;

import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PooledDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "test-dataset", description = "Pooled test of a dataset (JSONL or text files): every (window, token) pair "
        + "scored once over all files, one exact p-value.")
final class TestDatasetCommand implements Callable<Integer> {
    @Mixin
    KeyOption key;

    @Option(names = "--text-field", defaultValue = "text", description = "JSONL field holding the text. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--alpha", defaultValue = "1e-6", description = "Significance level α. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--json", description = "Machine-readable result.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".jsonl / .jsonl.gz (one object per line) or UTF-8 text files (one text each).")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha must be in (0, 1), got " + alpha);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UsageException("input file not found: " + f);
            }
        }
        WatermarkKey k = key.load();
        PooledDetector pool = new PooledDetector(new Detector(k, Tokenizers.forKey(k), alpha));
        long skipped = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
                skipped += JsonlTexts.read(f, textField, pool::addText, problems);
            } else {
                pool.addText(Inputs.decodeText(Inputs.readBytes(f.toString()), f.toString()));
            }
        }
        Detection d = pool.result();
        Map<String, Object> m = d.toJson(null);
        m.put("documents", pool.documents());
        m.put("records_skipped", skipped);
        m.put("problems", problems.size() > 20 ? problems.subList(0, 20) : problems);
        if (json) {
            System.out.println(Json.line(m));
        } else {
            System.out.println(DetectCommand.human(d));
            System.out.printf("documents: %d pooled, %d records skipped%n", pool.documents(), skipped);
            problems.stream().limit(20).forEach(p -> System.out.println("  skipped " + p));
        }
        return 0;
    }
}
