package dev.telltale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.core.TextNormalizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.AccountTracer;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PValues;
import dev.telltale.detect.WindowedDetection;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detect", description = "Test text for a key's watermark; prints an exact p-value and a verdict.")
final class DetectCommand implements Callable<Integer> {
    enum Format { text, jsonl, ids }

    @Mixin
    KeyOption key;

    @Option(names = "--input-format", defaultValue = "text",
            description = "text: the whole input is one text; jsonl: one {\"id\":..., \"text\":...} per line; "
                    + "ids: a JSON array of token ids, or one array per line. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--alpha", defaultValue = "1e-6", description = "Significance level α. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--windowed", description = "Also search for the most watermarked window (a passage pasted into other text); "
            + "the verdict then uses its Bonferroni-corrected p-value.")
    boolean windowed;

    @Option(names = "--normalize", defaultValue = "nfc", paramLabel = "nfc|robust|LIST",
            description = "Text normalisation before tokenising: nfc (default); robust = invisibles,nfkc,confusables,whitespace "
                    + "(undoes homoglyph, zero-width, compatibility-form and whitespace attacks); or a comma-separated list of "
                    + "those steps. NFC always runs last; every result lists the steps in \"normalizers\". Default: ${DEFAULT-VALUE}.")
    String normalize;

    @Option(names = "--json", description = "One JSON object per result.")
    boolean json;

    @Option(names = "--trace", description = "Also name the account the text was served to (account keys: kgw-accounts, "
            + "kgw-account-keys): adds \"account\": {id, p_value, log10_p_value} (corrected for the account space; null when "
            + "not attributed at --alpha) and \"account_trace\" to each result.")
    boolean trace;

    @Option(names = "--tokenizer-impl", defaultValue = "fast", paramLabel = "fast|djl",
            description = "fast: pure-Java BPE (djl where the tokenizer.json is not supported); djl: HuggingFace "
                    + "tokenizers via DJL, the reference. Both give the same ids. Default: ${DEFAULT-VALUE}.")
    String tokenizerImpl;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE", description = "Input file, or - for standard input (default).")
    String file;

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha must be in (0, 1), got " + alpha);
        }
        TextNormalizer normalizer;
        try {
            normalizer = TextNormalizer.parse(normalize);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--normalize: " + e.getMessage());
        }
        WatermarkKey k = key.load();
        String text = Inputs.decodeText(Inputs.readBytes(file), "-".equals(file) ? "standard input" : file);
        TokenizerImpl impl;
        try {
            impl = TokenizerImpl.parse(tokenizerImpl);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tokenizer-impl must be fast or djl, got '" + tokenizerImpl + "'");
        }
        Detector detector = new Detector(k, Tokenizers.forKey(k, impl), alpha, normalizer);
        PrintStream out = System.out;
        AccountTracer tracer = trace ? AccountOptions.tracer(k, alpha) : null;
        if (format == Format.ids) {
            return IdsInput.detect(detector, tracer, text, windowed, json, out);
        }
        if (format == Format.text) {
            if (tracer != null) {
                int[] ids = detector.tokenize(text);
                out.println(json ? Json.line(AccountOptions.json(detector, tracer, ids, windowed, null))
                        : AccountOptions.human(detector, tracer, ids, windowed));
                return 0;
            }
            if (windowed) {
                WindowedDetection w = detector.detectWindowed(text);
                out.println(json ? Json.line(w.toJson(null)) : humanWindowed(w));
                return 0;
            }
            Detection d = detector.detect(text);
            out.println(json ? Json.line(d.toJson(null)) : human(d));
            return 0;
        }
        int errors = 0;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> result;
            try {
                JsonNode node = Json.MAPPER.readTree(line);
                if (node == null || !node.isObject() || !node.path("text").isTextual()) {
                    throw new IllegalArgumentException("line is not an object with a string field \"text\"");
                }
                JsonNode idNode = node.get("id");
                String id = idNode == null || idNode.isNull() ? null : idNode.asText();
                result = tracer != null
                        ? AccountOptions.json(detector, tracer, detector.tokenize(node.get("text").asText()), windowed, id)
                        : windowed ? detector.detectWindowed(node.get("text").asText()).toJson(id)
                        : detector.detect(node.get("text").asText()).toJson(id);
            } catch (Exception e) {
                errors++;
                result = new LinkedHashMap<>();
                result.put("line", lineNo);
                result.put("error", e instanceof com.fasterxml.jackson.core.JsonProcessingException
                        ? "malformed JSON" : e.getMessage());
            }
            out.println(json ? Json.line(result) : humanLine(result));
        }
        if (errors > 0) {
            System.err.println("telltale detect: " + errors + " input line(s) could not be read (see their \"error\" results)");
            return 2;
        }
        return 0;
    }

    static String human(Detection d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "verdict: %s   p = %s   (log10 p = %.2f; alpha = %s)%n", d.verdict().json(),
                PValues.format(d.log10PValue()), d.log10PValue(), d.alpha()));
        sb.append(String.format(Locale.ROOT, "key %s   scheme %s   tokenizer %s%n", d.keyId(), d.scheme(), d.tokenizer()));
        sb.append(String.format(Locale.ROOT, "tokens: %d total, %d scored (repeated windows counted once), score %.0f", d.tokensTotal(),
                d.tokensScored(), d.score()));
        if (d.tokensScored() > 0) {
            sb.append(d.isGreenCount()
                    ? String.format(Locale.ROOT, " (%.1f%% green)", 100.0 * d.score() / d.tokensScored())
                    : String.format(Locale.ROOT, " (mean %.3f per scored token)", d.score() / d.tokensScored()));
        }
        return sb.toString();
    }

    static String humanWindowed(WindowedDetection w) {
        return String.format(Locale.ROOT, "windowed verdict: %s   corrected p = %s   (best window tokens %d-%d: %d scored, score %.0f, "
                        + "uncorrected p = %s; %d windows tried, Bonferroni)%nwhole text: %s", w.verdict().json(),
                PValues.format(w.log10PValue()), w.windowStartToken(), w.windowEndToken(), w.window().tokensScored(), w.window().score(),
                PValues.format(w.window().log10PValue()), w.windowsTried(), human(w.whole()));
    }

    static String humanLine(Map<String, Object> r) {
        if (r.containsKey("error")) {
            return "line " + r.get("line") + ": error: " + r.get("error");
        }
        return String.format(Locale.ROOT, "%s\t%s\tp=%s\tT=%s\tS=%.0f", r.get("id"), r.get("verdict"),
                PValues.format((Double) r.get("log10_p_value")), r.get("tokens_scored"), (Double) r.get("score"))
                + AccountOptions.humanColumn(r);
    }
}
