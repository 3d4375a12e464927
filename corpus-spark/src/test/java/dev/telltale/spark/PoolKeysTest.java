package dev.telltale.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.GumbelParameters;
import dev.telltale.core.SchemeParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.TokenizerImpl;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.detect.Detection;
import dev.telltale.detect.Detector;
import dev.telltale.detect.PairTape;
import dev.telltale.detect.PooledDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job's pooled keys without Spark: a document's keys are its distinct scored positions (as many as its T, their
 * scores adding up to its score), and the distinct keys of a corpus, with the task-local filter forgotten at any
 * point, are {@link PooledDetector}'s T and score. For one-long tuples (kgw), two-long tuples (gumbel, h = 4) and
 * sequence-scheme units (kgw-selfhash, synthid).
 */
class PoolKeysTest {
    private static final TextTokenizer QWEN = Tokenizers.load("qwen3");

    private static SchemeParameters scheme(String name) {
        return name.equals("gumbel-h4") ? new GumbelParameters(4) : Schemes.preset(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kgw", "unigram", "gumbel-h4", "kgw-selfhash", "synthid"})
    void keys_areTheDistinctScoredPositions_ofDocumentsAndOfTheCorpus(String name) {
        byte[] secret = new byte[32];
        new SplittableRandom(5).nextBytes(secret);
        WatermarkKey key = WatermarkKey.fromSecret(secret, scheme(name), QWEN.ref(), Instant.EPOCH);
        Detector d = new Detector(key, Tokenizers.forKey(key, TokenizerImpl.FAST), 1e-6);
        PoolKeys keys = PoolKeys.of(d);
        assertTrue(keys.supported(), keys.refusal());
        assertEquals(name.equals("gumbel-h4") || name.equals("kgw-selfhash") || name.equals("synthid"), keys.twoLongs());
        boolean realValued = name.equals("gumbel-h4");

        List<String> texts = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < 12; i++) {
            texts.add(brown.get(i).text());
        }
        texts.add(brown.get(3).text()); // repeats
        texts.add(brown.get(7).text());

        // one document on a fresh filter: its keys are its T distinct positions, scored as the detector scores them
        int[] scratch = keys.newScratch();
        int[] ids = d.tokenize(texts.get(0));
        PoolKeys.Keys k = keys.keysOf(ids, keys.newSeen());
        Detection one = d.detectIds(ids);
        assertEquals(one.tokensScored(), k.lo().length);
        if (!keys.twoLongs()) {
            assertNull(k.hi());
        }
        double s = 0;
        for (int i = 0; i < k.lo().length; i++) {
            s += keys.score(k.lo()[i], keys.twoLongs() ? k.hi()[i] : 0, scratch);
        }
        assertEquals(one.score(), s, realValued ? 1e-9 * one.score() : 0);

        // the corpus through a filter forgotten every 2,000 keys: the distinct keys are the pooled test's
        PooledDetector pool = new PooledDetector(d);
        Set<List<Long>> distinct = new HashSet<>();
        PairTape seen = keys.newSeen();
        long emitted = 0;
        double score = 0;
        for (String t : texts) {
            pool.addText(t);
            if (seen.size() >= 2_000) {
                seen.clear();
            }
            PoolKeys.Keys tk = keys.keysOf(d.tokenize(t), seen);
            for (int i = 0; i < tk.lo().length; i++) {
                long hi = keys.twoLongs() ? tk.hi()[i] : 0;
                if (distinct.add(List.of(tk.lo()[i], hi))) {
                    score += keys.score(tk.lo()[i], hi, scratch);
                }
                emitted++;
            }
        }
        Detection want = pool.result();
        assertEquals(want.tokensScored(), distinct.size());
        assertEquals(want.score(), score, realValued ? 1e-9 * want.score() : 0);
        assertTrue(emitted > distinct.size(), "the cleared filter let some repeats through: " + emitted);
    }
}
