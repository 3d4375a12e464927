package dev.telltale.cli;

import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.embed.KneserNeyModel;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train-ngram", description = "Train an interpolated Kneser-Ney n-gram model over token ids.")
final class TrainNgramCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "JSONL (one {\"text\": ...} per line) or a plain UTF-8 text file; default: the packaged Brown corpus when 'brown'.")
    String input;

    @Option(names = "--text-field", defaultValue = "text", description = "JSONL field holding the text. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--tokenizer", defaultValue = Tokenizers.DEFAULT, description = "Default: ${DEFAULT-VALUE}.")
    String tokenizer;

    @Option(names = "--order", defaultValue = "3", description = "n-gram order in [2, 5]. Default: ${DEFAULT-VALUE}.")
    int order;

    @Option(names = "--out", required = true, description = "Model file to write.")
    Path out;

    @Option(names = "--json", description = "Machine-readable summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (order < KneserNeyModel.MIN_ORDER || order > KneserNeyModel.MAX_ORDER) {
            throw new UsageException("--order must be in [2, 5], got " + order);
        }
        TextTokenizer tok = Tokenizers.load(tokenizer);
        List<String> texts = new ArrayList<>();
        long skipped = 0;
        if ("brown".equals(input)) {
            texts.addAll(DefaultModel.brownTexts());
        } else if (input.endsWith(".jsonl") || input.endsWith(".jsonl.gz")) {
            Path f = Path.of(input);
            if (!Files.isRegularFile(f)) {
                throw new UsageException("input file not found: " + input);
            }
            skipped = JsonlTexts.read(f, textField, texts::add, new ArrayList<>());
        } else {
            texts.add(Inputs.decodeText(Inputs.readBytes(input), input));
        }
        long t0 = System.nanoTime();
        List<int[]> docs = new ArrayList<>(texts.size());
        for (String t : texts) {
            docs.add(tok.encode(t));
        }
        KneserNeyModel model = KneserNeyModel.train(docs, tok.vocabSize(), order);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            model.write(os);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model.describe());
        m.put("documents", docs.size());
        m.put("skipped_lines", skipped);
        m.put("tokens", model.tokenCount());
        m.put("seconds", secs);
        m.put("out", out.toString());
        System.out.println(json ? Json.line(m) : String.format("trained %s on %d documents (%d lines skipped) in %.1f s -> %s",
                model.describe(), docs.size(), skipped, secs, out));
        return 0;
    }
}
