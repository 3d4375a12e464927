package dev.telltale.corpus.simulate;

import dev.telltale.core.AccountScheme;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.detect.radioactivity.ClosedModelTest;
import dev.telltale.detect.radioactivity.Progress;
import dev.telltale.detect.radioactivity.RadioactivityResult;
import dev.telltale.detect.radioactivity.WindowSet;
import dev.telltale.detect.radioactivity.Windows;
import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.serve.ApiKeys;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Distillation in one run, over real HTTP on loopback ports: a Kneser–Ney trigram teacher trained on half of
 * Brown is served watermarked; a competitor sends it prompts (spans of the teacher's documents) through the
 * OpenAI API and keeps the answers; a student n-gram model is trained on the other half of Brown plus the
 * answers, which make up the given fraction of its tokens; the student is served, and Telltale tests it
 * through its endpoint with the same prompts ({@link ClosedModelTest}, filter: the windows we served). A
 * control student, trained the same way on answers from the unwatermarked teacher, is tested likewise.
 *
 * <pre>
 * Why an n-gram student inherits the watermark: for every context h seen in the harvest, its counts
 * c(h w) include the teacher's answers, which lean to h's green list (kgw: +δ on green logits; gumbel: the
 * token with the largest keyed r^(1/p)). Its next-token distribution after h mixes that lean with the
 * human counts and the backed-off orders, so the lean survives in proportion to the harvest's share of
 * h's counts. An order ≥ h + 1 sees the whole window that seeds the green list; a lower order averages
 * the lists of many windows away. The test therefore prompts the student where the harvest was made and
 * (with the filter) scores the windows the harvest contains: unseen windows only dilute the count.
 * </pre>
 * A 0 % run still harvests (at the size of a 5 % run) so that there is served data for the filter; its
 * student simply does not train on it.
 */
public final class DistillationSimulation {
    private DistillationSimulation() {}

    /** Runs the simulation; progress lines go to {@code log} (null for none). */
    public static SimulationResult run(SimulationConfig c, PrintStream log) throws InterruptedException {
        long t0 = System.nanoTime();
        START.set(t0);
        TextTokenizer tok = Tokenizers.load(Tokenizers.DEFAULT);
        BrownSplit split = BrownSplit.of(tok, c.seed(), c.humanShare());
        long humanTokens = BrownSplit.tokens(split.human);
        WatermarkKey key = key(c, tok);
        KneserNeyModel teacher = KneserNeyModel.train(split.teacher, tok.vocabSize(), 3);
        say(log, "teacher: %s, watermarked with key %s (%s); student human text: %,d tokens",
                teacher.describe(), key.keyId(), c.scheme().schemeId(), humanTokens);
        int prompts = c.throughAccounts() ? c.accounts() : prompts(c, humanTokens);
        List<String> promptTexts = split.prompts(tok, prompts, c.seed() * 31 + 7);
        AccountHarvest accounts = c.throughAccounts() ? AccountHarvest.of((AccountScheme) c.scheme(), c.accounts(), c.seed()) : null;
        List<String> apiKeys = accounts != null ? accounts.apiKeys()
                : List.of("sk-sim-" + Long.toHexString(new SplittableRandom(c.seed()).nextLong()));
        String apiKey = apiKeys.get(0);
        ApiKeys keys = accounts != null ? accounts.keys() : ApiKeys.of(Map.of(apiKey, "competitor"));
        List<String> answers;
        List<String> plainAnswers = null;
        // the teacher's policy is serve-model's: with an account key, each answer carries its API key's account
        try (ModelServer marked = serve("teacher", teacher, tok, WatermarkPolicy.forKey(key, keys), keys);
             ModelServer plain = serve("teacher", teacher.copy(), tok, WatermarkPolicy.none(), keys)) {
            say(log, "harvest: %,d prompts%s -> %s (watermarked)%s", prompts, accounts == null ? ""
                    : String.format(Locale.ROOT, " through %,d accounts' API keys, %d tokens each", c.accounts(), c.answerTokens()),
                    marked.baseUrl(), c.testControl() ? " and " + plain.baseUrl() + " (unwatermarked, for the control)" : "");
            answers = Harvester.harvest(marked.baseUrl(), apiKeys, "teacher", promptTexts, c.answerTokens(), c.seed() << 20);
            if (c.testControl()) {
                plainAnswers = Harvester.harvest(plain.baseUrl(), apiKeys, "teacher", promptTexts, c.answerTokens(), c.seed() << 20);
            }
        }
        List<int[]> harvestIds = encodeAll(tok, answers);
        long harvestTokens = BrownSplit.tokens(harvestIds);
        List<int[]> human = c.fraction() >= 1 ? List.of() : split.human;
        Detector detector = new Detector(key, tok, Detector.DEFAULT_ALPHA);
        AccountTraceSummary traces = null;
        if (accounts != null) {
            traces = accounts.trace(key, detector, answers, Detector.DEFAULT_ALPHA);
            say(log, "traced the %,d harvested answers (%s, %,d-account space, alpha %s): %,d to the account that fetched them, "
                            + "%,d to another, %,d to none", traces.texts(), traces.method(), traces.accountSpace(), traces.alpha(),
                    traces.right(), traces.wrong(), traces.notAttributed());
        }
        WindowSet filter = c.filter() ? servedWindows(detector, promptTexts, answers) : null;
        List<String> testPrompts = testPrompts(promptTexts, c);
        int samples = (int) Math.max(1, c.testTokens() / ((long) testPrompts.size() * c.testMaxTokens()));
        RadioactivityResult student = null;
        RadioactivityResult control = null;
        long studentHuman = BrownSplit.tokens(human);
        if (c.testStudent()) {
            List<int[]> docs = new ArrayList<>(human);
            if (c.fraction() > 0 || c.throughAccounts()) {
                docs.addAll(harvestIds);
            }
            student = trainServeTest("student", docs, c, tok, detector, testPrompts, samples, filter, keys, apiKey, log);
        }
        if (c.testControl()) {
            List<int[]> docs = new ArrayList<>(human);
            docs.addAll(encodeAll(tok, plainAnswers));
            control = trainServeTest("control", docs, c, tok, detector, testPrompts, samples, filter, keys, apiKey, log);
        }
        double fraction = c.fraction() > 0 || c.throughAccounts() ? (double) harvestTokens / (harvestTokens + studentHuman) : 0.0;
        return new SimulationResult(c, key.keyId(), teacher.describe(), studentHuman, harvestTokens, fraction, student, control,
                traces, (System.nanoTime() - t0) / 1e9);
    }

    /** Prompts of one answer each whose tokens make up the configured fraction of the student's data. */
    private static int prompts(SimulationConfig c, long humanTokens) {
        double served = c.fraction() > 0 ? c.fraction() : SimulationConfig.SERVED_FRACTION_AT_ZERO;
        long harvestTarget = c.fraction() >= 1 ? humanTokens : Math.round(served / (1 - served) * humanTokens);
        return (int) Math.max(1, (harvestTarget + c.answerTokens() - 1) / c.answerTokens());
    }

    private static RadioactivityResult trainServeTest(String name, List<int[]> docs, SimulationConfig c, TextTokenizer tok,
                                                      Detector detector, List<String> prompts, int samples, WindowSet filter,
                                                      ApiKeys keys, String apiKey, PrintStream log) throws InterruptedException {
        KneserNeyModel model = KneserNeyModel.train(docs, tok.vocabSize(), c.studentOrder());
        try (ModelServer s = serve(name, model, tok, WatermarkPolicy.none(), keys)) {
            say(log, "%s: %s served at %s; testing with %,d prompts x %d samples x %d tokens%s", name, model.describe(),
                    s.baseUrl(), prompts.size(), samples, c.testMaxTokens(), filter == null ? "" : ", filter on our served windows");
            ClosedModelTest.Options o = ClosedModelTest.Options.of(URI.create(s.baseUrl())).withApiKey(apiKey).withModel(name)
                    .withSampling(samples, c.testMaxTokens(), 1.0, null, c.seed() * 1_000_003L).withFilter(filter);
            RadioactivityResult r = ClosedModelTest.run(detector, prompts, o, Progress.NONE);
            say(log, "%s verdict: %s, p = %s (log10 %.2f) over %,d pairs of %,d tokens", name, r.detection().verdict().json(),
                    r.pValue(), r.log10PValue(), r.pairsScored(), r.tokensSeen());
            return r;
        }
    }

    /** The prompts the suspects are tested with: those the competitor sent, at most what the token budget allows. */
    private static List<String> testPrompts(List<String> prompts, SimulationConfig c) {
        long max = Math.max(1, c.testTokens() / c.testMaxTokens());
        if (prompts.size() <= max) {
            return prompts;
        }
        List<String> shuffled = new ArrayList<>(prompts);
        Collections.shuffle(shuffled, new Random(c.seed() + 99));
        return shuffled.subList(0, (int) max);
    }

    /** Windows of the text we served: each prompt followed by its answer (the windows that straddle them included). */
    private static WindowSet servedWindows(Detector detector, List<String> prompts, List<String> answers) {
        WindowSet s = Windows.empty(detector);
        for (int i = 0; i < answers.size(); i++) {
            int[] p = detector.tokenize(prompts.get(i));
            int[] a = detector.tokenize(answers.get(i));
            int[] ids = java.util.Arrays.copyOf(p, p.length + a.length);
            System.arraycopy(a, 0, ids, p.length, a.length);
            s.addAll(ids);
        }
        return s;
    }

    private static WatermarkKey key(SimulationConfig c, TextTokenizer tok) {
        byte[] secret = new byte[WatermarkKey.SECRET_BYTES];
        new SplittableRandom(c.seed() ^ 0x5EEDL).nextBytes(secret);
        return WatermarkKey.fromSecret(secret, c.scheme(), tok.ref(), Instant.EPOCH);
    }

    private static ModelServer serve(String name, LanguageModel model, TextTokenizer tok, WatermarkPolicy policy, ApiKeys keys) {
        return ModelServer.start(ServeConfig.loopback(name, ModelPool.of(model, Math.max(2, Runtime.getRuntime().availableProcessors())),
                tok, policy).withApiKeys(keys));
    }

    private static List<int[]> encodeAll(TextTokenizer tok, List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(tok.encode(t));
        }
        return out;
    }

    private static final ThreadLocal<Long> START = ThreadLocal.withInitial(System::nanoTime);

    private static void say(PrintStream log, String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, "[%5.1f s] ", (System.nanoTime() - START.get()) / 1e9)
                    + String.format(Locale.ROOT, format, args));
        }
    }
}
