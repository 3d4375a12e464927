package dev.telltale.cli;

import dev.telltale.detect.PValues;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.corpus.simulate.DistillationSimulation;
import dev.telltale.corpus.simulate.SimulationConfig;
import dev.telltale.corpus.simulate.SimulationResult;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.embed.Embedders;
import dev.telltale.embed.Generator;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.SamplingConfig;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "End to end on embedded defaults: a fresh key watermarks text from the default model, "
        + "detection finds it with an exact p-value and does not find it in human text.")
final class DemoCommand implements Callable<Integer> {
    private static final String[] PROMPTS = {
        "The jury said that", "In the morning the", "He told the committee", "It was the first time", "The new program will"};

    @Option(names = "--samples", defaultValue = "5", description = "Watermarked completions. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--max-tokens", defaultValue = "200", description = "Tokens per completion. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--seed", description = "Seed for sampling and the demo key (reproducible run); random when absent.")
    Long seed;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--skip-distillation", description = "Leave out the distillation story (simulate-distillation at 5 %).")
    boolean skipDistillation;

    @Override
    public Integer call() throws InterruptedException {
        if (samples < 1 || samples > 1000 || maxTokens < 16 || maxTokens > 5000) {
            throw new UsageException("--samples must be in [1, 1000] and --max-tokens in [16, 5000]");
        }
        PrintStream out = System.out;
        PrintStream log = json ? System.err : System.out;
        TextTokenizer tok = Tokenizers.load(Tokenizers.DEFAULT);
        KneserNeyModel model = DefaultModel.load(tok, log);
        long s = seed != null ? seed : new SecureRandom().nextLong();
        SplittableRandom rng = new SplittableRandom(s);
        SecureRandom keyRandom = seed != null ? deterministic(s) : new SecureRandom();
        WatermarkKey key = WatermarkKey.generate(Schemes.KGW_V1, tok.ref(), keyRandom);
        Detector detector = new Detector(key, tok, Detector.DEFAULT_ALPHA);
        if (!json) {
            log.printf(Locale.ROOT, "%nfresh key %s: kgw gamma=%.2f delta=%.1f h=%d, tokenizer %s (V=%d), model %s%n",
                    key.keyId(), Schemes.KGW_V1.gamma(), Schemes.KGW_V1.delta(), Schemes.KGW_V1.contextWidth(), tok.id(),
                    tok.vocabSize(), model.describe());
            log.printf(Locale.ROOT, "alpha = %s: a text is called watermarked when p <= alpha%n%n", Detector.DEFAULT_ALPHA);
            log.printf(Locale.ROOT, "%-14s %-14s %6s %6s %7s %12s  %s%n", "text", "verdict", "T", "green", "green%", "p-value", "excerpt");
        }
        Generator marked = new Generator(model, Embedders.forKey(key), SamplingConfig.DEFAULT);
        Generator plain = new Generator(model, null, SamplingConfig.DEFAULT);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String prompt = PROMPTS[i % PROMPTS.length];
            String text = tok.decode(marked.generate(tok.encode(prompt), maxTokens, -1, rng));
            rows.add(new Row("watermarked-" + (i + 1), text, detector.detect(text)));
        }
        String control = tok.decode(plain.generate(tok.encode(PROMPTS[0]), maxTokens, -1, rng));
        rows.add(new Row("unwatermarked", control, detector.detect(control)));
        List<String> brown = DefaultModel.brownTexts();
        for (int i = 0; i < 3; i++) {
            String doc = brown.get((int) (rng.nextLong(brown.size())));
            int[] ids = tok.encode(doc);
            String excerpt = tok.decode(Arrays.copyOf(ids, Math.min(ids.length, maxTokens)));
            rows.add(new Row("human-brown-" + (i + 1), excerpt, detector.detect(excerpt)));
        }
        for (Row r : rows) {
            if (json) {
                Map<String, Object> m = r.detection.toJson(r.name);
                m.put("text", r.text);
                out.println(Json.line(m));
            } else {
                Detection d = r.detection;
                out.printf(Locale.ROOT, "%-14s %-14s %6d %6.0f %6.1f%% %12s  %s%n", r.name, d.verdict().json(), d.tokensScored(),
                        d.score(), 100 * d.score() / Math.max(1, d.tokensScored()), PValues.format(d.log10PValue()),
                        excerpt(r.text));
            }
        }
        if (!json) {
            log.printf(Locale.ROOT, "%nT = scored tokens (repeated context windows counted once); expected green fraction "
                    + "without the watermark: %.0f%%.%nTry it yourself: ./telltale keygen --out my.key --insecure-plaintext; "
                    + "./telltale generate --key my.key --prompt \"The jury\" > out.txt; ./telltale detect --key my.key out.txt%n",
                    100 * Schemes.KGW_V1.gamma());
        }
        if (!skipDistillation) {
            distillation(s, out, log);
        }
        return 0;
    }

    /** Part two: a student trained on 5 % harvested watermarked answers is caught through its API; a control is not. */
    private void distillation(long seed, PrintStream out, PrintStream log) throws InterruptedException {
        if (!json) {
            log.printf(Locale.ROOT, "%nThe distillation story (telltale simulate-distillation, 10 to 30 s): a teacher trained on half of "
                    + "Brown is served%nwatermarked over the OpenAI API; a competitor harvests its answers and trains a student on the "
                    + "other half%nof Brown plus the answers (5%% of its tokens); Telltale queries the served student with the same "
                    + "prompts.%n");
        }
        SimulationResult r = DistillationSimulation.run(SimulationConfig.of("kgw", 0.05, seed, false), null);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "distillation");
            m.putAll(r.toJson());
            out.println(Json.line(m));
            return;
        }
        out.println(SimulateDistillationCommand.verdict(String.format(Locale.ROOT, "student (%.1f%% watermarked data)",
                100 * r.watermarkedFraction()), r.student()));
        out.println(SimulateDistillationCommand.verdict("control (unwatermarked answers)", r.control()));
        log.printf(Locale.ROOT, "Each (window, token) pair is scored once over all outputs; windows seen in the prompts are skipped; only "
                + "windows of%nthe answers we served count. Try: ./telltale simulate-distillation --watermarked-fraction 0.01%n");
    }

    private static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }

    /** A seeded key source for reproducible demos (never used for real keys). */
    private static SecureRandom deterministic(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(String name, String text, Detection detection) {}
}
