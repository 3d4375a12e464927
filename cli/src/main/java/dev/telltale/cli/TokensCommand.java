package dev.telltale.cli;

import dev.telltale.server.TokenAdmin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", description = "Manage the verifier server's API tokens (stored hashed).",
        subcommands = {TokensCommand.Create.class, TokensCommand.Revoke.class, TokensCommand.ListTokens.class})
final class TokensCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, revoke or list");
    }

    /** Options every tokens subcommand takes. */
    static final class StoreOptions {
        @Option(names = "--data", defaultValue = "telltale-data", paramLabel = "DIR", description = "The server's data directory. Default: ${DEFAULT-VALUE}.")
        Path data;

        @Option(names = "--store", defaultValue = "", paramLabel = "URL", description = "The server's store if not SQLite in DIR.")
        String store;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        TokenAdmin open() {
            if (store.isEmpty() && !java.nio.file.Files.isDirectory(data)) {
                throw new UsageException("no data directory " + data + " (start 'telltale serve --data " + data + "' once, or pass --data)");
            }
            return TokenAdmin.open(data, store);
        }
    }

    @Command(name = "create", description = "Create a token; it is printed once.")
    static final class Create implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions opts;

        @Option(names = "--role", required = true, description = "submitter, analyst or admin.")
        String role;

        @Option(names = "--label", description = "Who or what the token is for.")
        String label;

        @Option(names = "--tokens-per-minute", description = "Rate limit in scored tokens per minute (0 = none); default: the role's.")
        Long tokensPerMinute;

        @Override
        public Integer call() {
            try (TokenAdmin admin = opts.open()) {
                TokenAdmin.NewToken t = admin.create(role, label, tokensPerMinute);
                if (opts.json) {
                    Map<String, Object> m = describe(t.info());
                    m.put("token", t.token());
                    System.out.println(Json.line(m));
                } else {
                    System.out.println(t.token());
                    System.err.println("created " + t.info().role() + " token " + t.info().id() + "; it is shown only now");
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token by id (tok_...).")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions opts;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (TokenAdmin admin = opts.open()) {
                if (!admin.revoke(id)) {
                    throw new UsageException("no active token " + id);
                }
            }
            System.out.println(opts.json ? Json.line(Map.of("id", id, "revoked", true)) : "revoked " + id);
            return 0;
        }
    }

    @Command(name = "list", description = "List tokens (ids, roles, labels; never their values).")
    static final class ListTokens implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StoreOptions opts;

        @Override
        public Integer call() {
            try (TokenAdmin admin = opts.open()) {
                for (TokenAdmin.TokenInfo t : admin.list()) {
                    System.out.println(opts.json ? Json.line(describe(t)) : String.format("%s\t%s\t%s\t%s%s", t.id(), t.role(),
                            t.created(), t.label() == null ? "" : t.label(), t.revoked() == null ? "" : "\trevoked " + t.revoked()));
                }
            }
            return 0;
        }
    }

    static Map<String, Object> describe(TokenAdmin.TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("role", t.role());
        m.put("label", t.label());
        m.put("tokens_per_minute", t.tokensPerMinute());
        m.put("created", t.created().toString());
        m.put("revoked", t.revoked() == null ? null : t.revoked().toString());
        return m;
    }
}
