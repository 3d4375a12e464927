package dev.telltale.cli;

import dev.telltale.detect.PValues;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.simulate.RadioactivityPlot;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.radioactivity.ClosedModelTest;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.ReadingModeTest;
import dev.telltale.detect.radioactivity.RequestStats;
import dev.telltale.detect.radioactivity.WindowSet;
import dev.telltale.detect.radioactivity.Windows;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.Models;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "test-model", description = "Radioactivity test of a suspect model (Sander et al. 2024): did it learn from "
        + "our watermarked outputs? Closed model: query an OpenAI-compatible --endpoint with --prompts. Open model "
        + "(--reading): teacher-force our --texts through a local --model and score its top-1 predictions. Each (window, "
        + "token) pair is scored once over the run; one exact p-value.")
final class TestModelCommand implements Callable<Integer> {
    @Mixin
    KeyOption key;

    @Option(names = "--endpoint", description = "Closed model: the suspect's OpenAI base URL, e.g. http://127.0.0.1:8000/v1.")
    String endpoint;

    @Option(names = "--api-key", description = "Bearer key for the endpoint (default: $OPENAI_API_KEY when set).")
    String apiKey;

    @Option(names = "--model-name", description = "Model id at the endpoint (default: the first one it lists).")
    String modelName;

    @Option(names = "--prompts", description = "Closed model: prompts, one per line (text) or {\"prompt\"|\"text\": ...} per line (.jsonl).")
    Path prompts;

    @Option(names = "--samples", defaultValue = "1", description = "Requests per prompt. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens asked per request. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--top-p", description = "Nucleus mass sent to the endpoint (default: the server's).")
    Double topP;

    @Option(names = "--seed", description = "Request k is sent seed + k (servers that honour seeds repeat the run).")
    Long seed;

    @Option(names = "--chat", description = "Use /chat/completions (each prompt is the user message) instead of /completions.")
    boolean chat;

    @Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds per attempt. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Option(names = "--attempts", defaultValue = "5", description = "Attempts per request (retried with exponential backoff). "
            + "Default: ${DEFAULT-VALUE}.")
    int attempts;

    @Option(names = "--reading", description = "Open model: teacher-force --texts through --model (reading mode).")
    boolean reading;

    @Option(names = "--model", description = "Reading mode: the suspect, a train-ngram file or a TorchScript model directory.")
    Path model;

    @Option(names = "--texts", arity = "1..*", description = "Reading mode: our watermarked texts (.jsonl with a text field, or text files).")
    List<Path> texts;

    @Option(names = "--filter-data", arity = "1..*", description = "Score only windows that occur in this data of ours "
            + "(.jsonl with a text field, e.g. serve-model --served-log, or text files).")
    List<Path> filterData;

    @Option(names = "--text-field", defaultValue = "text", description = "JSONL field of --texts and --filter-data. Default: ${DEFAULT-VALUE}.")
    String textField;

    @Option(names = "--alpha", defaultValue = "1e-6", description = "Significance level. Default: ${DEFAULT-VALUE}.")
    double alpha;

    @Option(names = "--plot", description = "Write the p-value against pairs scored as a PNG.")
    Path plot;

    @Option(names = "--json", description = "Machine-readable result (with the p-value series).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("--alpha must be in (0, 1), got " + alpha);
        }
        if (reading ? endpoint != null || prompts != null : model != null || texts != null) {
            throw new UsageException(reading ? "--reading takes --model and --texts, not --endpoint or --prompts"
                    : "--model and --texts belong to --reading; a closed-model test takes --endpoint and --prompts");
        }
        WatermarkKey k = key.load();
        Detector detector = new Detector(k, Tokenizers.forKey(k), alpha);
        WindowSet filter = filterData == null ? null : filterWindows(detector);
        RadioactivityResult r = reading ? reading(detector, filter) : closed(detector, filter);
        Map<String, Object> m = r.toJson();
        if (!reading) {
            m.put("endpoint", endpoint);
        }
        if (plot != null) {
            RadioactivityPlot.pValueVsPairs(plot, "test-model: key " + k.keyId() + " (" + k.scheme().schemeId() + ")",
                    Map.of(reading ? "reading mode" : "closed model", r.series()), alpha);
            m.put("plot", plot.toString());
        }
        if (json) {
            System.out.println(Json.line(m));
        } else {
            System.out.print(human(r));
            if (plot != null) {
                System.out.println("plot: " + plot);
            }
        }
        return 0;
    }

    private RadioactivityResult closed(Detector detector, WindowSet filter) throws Exception {
        if (endpoint == null || prompts == null) {
            throw new UsageException("a closed-model test needs --endpoint URL and --prompts FILE (or --reading for a local model)");
        }
        if (samples < 1 || samples > 100_000 || maxTokens < 1 || maxTokens > 4096 || concurrency < 1 || concurrency > 256
                || attempts < 1 || attempts > 20 || timeoutSeconds < 1) {
            throw new UsageException("--samples must be in [1, 100000], --max-tokens in [1, 4096], --concurrency in [1, 256], "
                    + "--attempts in [1, 20] and --timeout >= 1");
        }
        if (!(temperature >= 0 && temperature <= 2) || (topP != null && !(topP > 0 && topP <= 1))) {
            throw new UsageException("--temperature must be in [0, 2] and --top-p in (0, 1]");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint is not a URL: " + endpoint);
        }
        List<String> ps = PromptFiles.read(prompts);
        String bearer = apiKey != null ? apiKey : System.getenv("OPENAI_API_KEY");
        ClosedModelTest.Options o = ClosedModelTest.Options.of(uri).withApiKey(bearer).withModel(modelName).withChat(chat)
                .withSampling(samples, maxTokens, temperature, topP, seed)
                .withRequests(concurrency, Duration.ofSeconds(timeoutSeconds), attempts, Duration.ofMillis(500))
                .withFilter(filter);
        try (TestProgress progress = new TestProgress(System.err, "test-model", " req")) {
            return ClosedModelTest.run(detector, ps, o, progress);
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private RadioactivityResult reading(Detector detector, WindowSet filter) throws IOException {
        if (model == null || texts == null) {
            throw new UsageException("--reading needs --model PATH and --texts FILE...");
        }
        if (!Files.exists(model)) {
            throw new UsageException("model not found: " + model);
        }
        LanguageModel suspect;
        try {
            suspect = Models.load(model, detector.tokenizer());
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> ts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : texts) {
            readTexts(p, ts, problems);
        }
        if (ts.isEmpty()) {
            throw new UsageException("--texts holds no text" + (problems.isEmpty() ? "" : " (" + problems.get(0) + ")"));
        }
        try (TestProgress progress = new TestProgress(System.err, "reading", " texts")) {
            return ReadingModeTest.run(detector, suspect, ts, filter, progress);
        } finally {
            if (suspect instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the process ends next
                }
            }
        }
    }

    private WindowSet filterWindows(Detector detector) throws IOException {
        List<String> data = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : filterData) {
            readTexts(p, data, problems);
        }
        if (data.isEmpty()) {
            throw new UsageException("--filter-data holds no text");
        }
        return Windows.of(detector, data);
    }

    private void readTexts(Path p, List<String> out, List<String> problems) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new UsageException("input file not found: " + p);
        }
        String name = p.getFileName().toString();
        if (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz")) {
            JsonlTexts.read(p, textField, out::add, problems);
        } else {
            out.add(Inputs.decodeText(Inputs.readBytes(p.toString()), p.toString()));
        }
    }

    static String human(RadioactivityResult r) {
        Detection d = r.detection();
        StringBuilder sb = new StringBuilder();
        RequestStats q = r.requests();
        if (q != null) {
            sb.append(String.format(Locale.ROOT, "requests: %,d sent, %,d answered, %,d failed after retries (%,d retries)%s%n",
                    q.requested(), q.succeeded(), q.failed(), q.retries(),
                    q.failed() == 0 ? "" : "; failures " + q.failureReasons() + ": the test covers the answered ones only"));
        } else {
            sb.append(String.format(Locale.ROOT, "texts read: %,d%n", r.texts()));
        }
        sb.append(String.format(Locale.ROOT, "pairs scored: %,d of %,d %s (skipped: %,d prompt windows, %,d outside the filter, %,d repeats)%n",
                r.pairsScored(), r.tokensSeen(), q != null ? "output tokens" : "predictions", r.skippedPromptWindows(),
                r.skippedByFilter(), r.duplicates()));
        if (d.isGreenCount() && d.tokensScored() > 0) {
            sb.append(String.format(Locale.ROOT, "green fraction: %.4f (%s without the watermark)%n",
                    d.score() / d.tokensScored(), d.scheme().getOrDefault("gamma", "γ")));
        } else if (d.tokensScored() > 0) {
            sb.append(String.format(Locale.ROOT, "mean score: %.4f (1 without the watermark)%n", d.score() / d.tokensScored()));
        }
        sb.append(String.format(Locale.ROOT, "p-value: %s  verdict: %s (alpha %s)%n", PValues.format(d.log10PValue()),
                d.verdict().json(), d.alpha()));
        return sb.toString();
    }
}
