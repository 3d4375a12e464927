package dev.telltale.detect.radioactivity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.Schemes;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detector;
import dev.telltale.detect.Verdict;
import dev.telltale.embed.serve.ApiKeys;
import dev.telltale.embed.serve.ModelPool;
import dev.telltale.embed.serve.ModelServer;
import dev.telltale.embed.serve.ServeConfig;
import dev.telltale.embed.serve.WatermarkPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The closed-model test against real served models over loopback HTTP. */
class ClosedModelRadioactivityTest {
    private static final WatermarkKey KEY = Fixtures.key(Schemes.KGW_V1, 21);

    private static ModelServer serve(WatermarkPolicy policy, ApiKeys keys) {
        return ModelServer.start(ServeConfig.loopback("teacher", ModelPool.of(Fixtures.TEACHER.copy(), 2),
                Fixtures.TOKENIZER, policy).withApiKeys(keys));
    }

    private static ClosedModelTest.Options options(String url) {
        return ClosedModelTest.Options.of(URI.create(url)).withSampling(2, 48, 1.0, null, 100L);
    }

    @Test
    void watermarkedEndpoint_isDetected_cleanEndpoint_isNot_completionsAndChat() throws Exception {
        Detector d = Fixtures.detector(KEY);
        List<String> prompts = Fixtures.prompts(60, 1);
        try (ModelServer marked = serve(WatermarkPolicy.key(KEY), ApiKeys.open());
             ModelServer clean = serve(WatermarkPolicy.none(), ApiKeys.open())) {
            RadioactivityResult m = ClosedModelTest.run(d, prompts, options(marked.baseUrl()), Progress.NONE);
            assertEquals(Verdict.WATERMARKED, m.detection().verdict(), m.toJson()::toString);
            assertEquals(new RequestStats(120, 120, 0, 0, Map.of()), m.requests());
            // outputs are re-tokenised from text: about the 48 generated tokens per request
            assertTrue(m.pairsScored() > 3000 && Math.abs(m.tokensSeen() - 120 * 48) < 120 * 48 / 20, m.toJson()::toString);
            assertTrue(m.skippedPromptWindows() > 0 && m.duplicates() >= 0);
            RadioactivityResult chat = ClosedModelTest.run(d, prompts, options(marked.baseUrl()).withChat(true), Progress.NONE);
            assertEquals(Verdict.WATERMARKED, chat.detection().verdict(), chat.toJson()::toString);
            RadioactivityResult c = ClosedModelTest.run(d, prompts, options(clean.baseUrl()), Progress.NONE);
            assertEquals(Verdict.NOT_DETECTED, c.detection().verdict(), c.toJson()::toString);
            assertTrue(c.pValue() > 1e-3, c.toJson()::toString);
            // the series ends at the total and its p-values come from the same exact tail
            SeriesPoint last = c.series().get(c.series().size() - 1);
            assertEquals(c.pairsScored(), last.pairs());
            assertEquals(c.log10PValue(), last.log10P(), 1e-12);
        }
    }

    @Test
    void flakyEndpoint_isRetriedWithBackoff_andFailuresAreReportedNotHidden() throws Exception {
        Detector d = Fixtures.detector(KEY);
        List<String> prompts = new java.util.ArrayList<>(Fixtures.prompts(19, 2));
        prompts.add(7, "The poisoned prompt was");
        try (ModelServer marked = serve(WatermarkPolicy.key(KEY), ApiKeys.open());
             // hangs outlast the 4 s attempt timeout; a real answer takes ~0.1 s idle, but once took > 1.5 s on a
             // loaded 2-core machine (the old timeout): a sample then failed all its attempts and the count was 3
             FlakyProxy proxy = new FlakyProxy(marked.baseUrl(), "The poisoned prompt", 5000)) {
            ClosedModelTest.Options o = options(proxy.baseUrl()).withModel("teacher")
                    .withRequests(3, Duration.ofMillis(4000), 5, Duration.ofMillis(20));
            RadioactivityResult r = ClosedModelTest.run(d, prompts, o, Progress.NONE);
            RequestStats s = r.requests();
            assertEquals(40, s.requested());
            assertEquals(2, s.failed(), s::toString);                 // the poisoned prompt's two samples
            assertEquals(Map.of("HTTP 500", 2L), s.failureReasons());
            assertEquals(38, s.succeeded());
            assertTrue(s.retries() >= proxy.injected.get() + 8, s + " injected " + proxy.injected.get()); // + 2 x 4 poisoned
            assertTrue(Math.abs(r.tokensSeen() - 38 * 48) < 38 * 48 / 20, r.toJson()::toString);
            assertEquals(Verdict.WATERMARKED, r.detection().verdict(), r.toJson()::toString);
        }
    }

    @Test
    void wrongApiKey_stopsTheTestWithAClearReason() {
        Detector d = Fixtures.detector(KEY);
        try (ModelServer guarded = serve(WatermarkPolicy.none(), ApiKeys.of(Map.of("sk-right-key-00000001", "us")))) {
            ClosedModelTest.Options o = options(guarded.baseUrl()).withApiKey("sk-wrong-key-0000001").withModel("teacher");
            String m = assertThrows(IllegalStateException.class,
                    () -> ClosedModelTest.run(d, Fixtures.prompts(3, 3), o, Progress.NONE)).getMessage();
            assertTrue(m.contains("HTTP 401") && m.contains("--api-key") && !m.contains("sk-wrong-key-0000001"), m);
            String models = assertThrows(IllegalStateException.class,
                    () -> ClosedModelTest.run(d, Fixtures.prompts(3, 3), o.withModel(null), Progress.NONE)).getMessage();
            assertTrue(models.contains("cannot list the endpoint's models"), models);
        }
    }
}
