package dev.telltale.embed.serve;

import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import dev.telltale.embed.KneserNeyModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A real model for server tests: a Kneser–Ney trigram over Qwen3 ids trained on 120 Brown documents (about a second). */
final class ServedModels {
    static final TextTokenizer TOKENIZER = Tokenizers.load(Tokenizers.DEFAULT);
    static final KneserNeyModel MODEL = train();

    private ServedModels() {}

    private static KneserNeyModel train() {
        List<int[]> docs = new ArrayList<>();
        List<EmbeddedCorpora.Document> brown = EmbeddedCorpora.brown();
        for (int i = 0; i < brown.size(); i += 4) {
            docs.add(TOKENIZER.encode(brown.get(i).text()));
        }
        return KneserNeyModel.train(docs, TOKENIZER.vocabSize(), 3);
    }

    /** A development key (seeded) for the default kgw scheme. */
    static WatermarkKey kgwKey(long seed) {
        byte[] secret = new byte[32];
        new SplittableRandom(seed).nextBytes(secret);
        return WatermarkKey.fromSecret(secret, Schemes.KGW_V1, TOKENIZER.ref(), Instant.EPOCH);
    }
}
