package dev.telltale.cli;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.SchemeParameters;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen", description = "Create a watermark key file (secret sealed with a passphrase).")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--scheme", defaultValue = "kgw", description = "Scheme: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = SchemeIds.class)
    String scheme;

    @Option(names = "--gamma", description = "Green fraction γ in (0, 1) (kgw, kgw-selfhash, unigram). Default: 0.25.")
    Double gamma;

    @Option(names = "--delta", description = "Logit bias δ > 0 (kgw, kgw-selfhash, unigram). Default: 2.0.")
    Double delta;

    @Option(names = "--context-width", description = "Context width h, preceding tokens seeding the PRF (kgw, kgw-selfhash, "
            + "gumbel, synthid). Default: kgw 2, kgw-selfhash 3, gumbel 4, synthid 4.")
    Integer contextWidth;

    @Option(names = "--layers", description = "Tournament layers m in [1, 64] (synthid). Default: 30.")
    Integer layers;

    @picocli.CommandLine.Mixin
    HfKeygenOptions hf; // hf-kgw-lefthash, hf-kgw-selfhash, hf-synthid

    @picocli.CommandLine.Mixin
    AccountOptions accountOptions; // kgw-accounts, kgw-account-keys

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
        SchemeParameters params = schemeParameters();
        TextTokenizer tok = Tokenizers.load(tokenizer);
        params = hf.finish(params, tok);
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
            if (HfKeygenOptions.note(params) != null) {
                System.out.println(HfKeygenOptions.note(params));
            }
            if (AccountOptions.note(params) != null) {
                System.out.println(AccountOptions.note(params));
            }
        }
        return 0;
    }

    /** The scheme's preset with the options given; an option the scheme does not have is a usage error. */
    private SchemeParameters schemeParameters() {
        Map<String, Number> options = new LinkedHashMap<>(); // key-file field name -> value
        if (gamma != null) {
            options.put("gamma", gamma);
        }
        if (delta != null) {
            options.put("delta", delta);
        }
        if (contextWidth != null) {
            options.put("context_width", contextWidth);
        }
        if (layers != null) {
            options.put("layers", layers);
        }
        hf.putOptions(options);
        accountOptions.putOptions(options);
        Set<String> accepted;
        try {
            accepted = Schemes.optionNames(scheme);
        } catch (UnsupportedOperationException e) {
            throw new UsageException("scheme " + scheme + " has no preset for new keys");
        }
        for (String field : options.keySet()) {
            if (!accepted.contains(field)) {
                throw new UsageException(flag(field) + " does not apply to scheme " + scheme + " ("
                        + (accepted.isEmpty() ? "it takes no options" : "its options: "
                        + accepted.stream().map(KeygenCommand::flag).collect(Collectors.joining(", "))) + ")");
            }
        }
        return Schemes.withOptions(scheme, options);
    }

    /** The command-line flag of a key-file field: context_width -> --context-width. */
    private static String flag(String field) {
        return "--" + field.replace('_', '-');
    }

    /** Completion candidates for --scheme. */
    static final class SchemeIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Schemes.ids().iterator();
        }
    }
}
