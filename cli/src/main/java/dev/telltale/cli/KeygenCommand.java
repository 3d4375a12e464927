package dev.telltale.cli;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.KgwParameters;
import dev.telltale.core.Schemes;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import dev.telltale.core.WatermarkKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", description = "Create a watermark key file (secret sealed with a passphrase).")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--scheme", defaultValue = "kgw", description = "Scheme: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = SchemeIds.class)
    String scheme;

    @Option(names = "--gamma", description = "Green fraction γ in (0, 1). Default: 0.25.")
    Double gamma;

    @Option(names = "--delta", description = "Logit bias δ > 0. Default: 2.0.")
    Double delta;

    @Option(names = "--context-width", description = "Context width h (tokens seeding the PRF). Default: 2.")
    Integer contextWidth;

    @Option(names = "--tokenizer", defaultValue = Tokenizers.DEFAULT,
            description = "Built-in tokenizer id or path to a tokenizer.json. Default: ${DEFAULT-VALUE}.")
    String tokenizer;

    @Option(names = "--out", required = true, description = "Key file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing key file.")
    boolean force;

    @Option(names = "--insecure-plaintext", description = "Write the secret unsealed (development keys only).")
    boolean insecurePlaintext;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Schemes.ids().contains(scheme)) {
            throw new UsageException("unknown scheme '" + scheme + "'; known schemes: " + Schemes.ids());
        }
        if (Files.exists(out) && !force) {
            throw new UsageException(out + " exists; pass --force to overwrite it");
        }
        KgwParameters d = Schemes.KGW_V1;
        KgwParameters params = new KgwParameters(gamma == null ? d.gamma() : gamma, delta == null ? d.delta() : delta,
                contextWidth == null ? d.contextWidth() : contextWidth);
        TextTokenizer tok = Tokenizers.load(tokenizer);
        WatermarkKey key = WatermarkKey.generate(params, tok.ref(), new SecureRandom());
        if (insecurePlaintext) {
            KeyFiles.writeInsecurePlaintext(key, out);
        } else {
            char[] pw = Passphrases.forSealing();
            try {
                KeyFiles.writeSealed(key, out, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key_id", key.keyId());
            m.put("scheme", params.toJson());
            m.put("tokenizer", key.tokenizer().toJson());
            m.put("file", out.toString());
            m.put("sealed", !insecurePlaintext);
            System.out.println(Json.line(m));
        } else {
            System.out.printf("wrote %s key %s (%s, tokenizer %s)%s%n", insecurePlaintext ? "INSECURE plaintext" : "sealed",
                    key.keyId(), out, tok.id(), insecurePlaintext ? " — development use only" : "");
        }
        return 0;
    }

    /** Completion candidates for --scheme. */
    static final class SchemeIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Schemes.ids().iterator();
        }
    }
}
