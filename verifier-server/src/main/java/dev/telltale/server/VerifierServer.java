package dev.telltale.server;

import dev.telltale.core.KeyFiles;
import dev.telltale.server.internal.AdminRoutes;
import dev.telltale.server.internal.ApiError;
import dev.telltale.server.internal.DetectRoutes;
import dev.telltale.server.internal.Http;
import dev.telltale.server.internal.JdbcStore;
import dev.telltale.server.internal.JobRoutes;
import dev.telltale.server.internal.JobRunner;
import dev.telltale.server.internal.KeyRing;
import dev.telltale.server.internal.MetaRoutes;
import dev.telltale.server.internal.Metrics;
import dev.telltale.server.internal.RateLimiter;
import dev.telltale.server.internal.ReportRoutes;
import dev.telltale.server.internal.Reports;
import dev.telltale.server.internal.Role;
import dev.telltale.server.internal.ServerContext;
import dev.telltale.server.internal.SigningKey;
import dev.telltale.server.internal.Store;
import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreUrls;
import dev.telltale.server.internal.Tokens;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The verifier server: the HTTP API ({@code /v1/…}, described at {@code /openapi.json}) and the web page
 * ({@code /}) on one port, over a {@link ServerOptions#store() store}. Start with {@link #start}; stop with
 * {@link #close} (jobs in progress save a checkpoint and are resumed by the next server on the same store).
 */
public final class VerifierServer implements AutoCloseable {
    private final Javalin app;
    private final Store store;
    private final JobRunner jobs;
    private final ServerContext context;

    private VerifierServer(Javalin app, Store store, JobRunner jobs, ServerContext context) {
        this.app = app;
        this.store = store;
        this.jobs = jobs;
        this.context = context;
    }

    /**
     * Opens the store, keys and signing key, creates the first admin token on an empty store, and starts
     * listening.
     *
     * @throws KeyFiles.KeyFileException a key file or the signing key cannot be opened (the message says why)
     */
    public static VerifierServer start(ServerOptions o, PrintStream log) throws IOException, KeyFiles.KeyFileException {
        if (!Files.exists(o.dataDir())) { // reports hold submitted texts and the store token hashes: owner only
            Files.createDirectories(o.dataDir());
            try {
                Files.setPosixFilePermissions(o.dataDir(), PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system
            }
        }
        String version = version();
        SigningKey signingKey = SigningKey.loadOrCreate(o.dataDir().resolve("signing-key.json"), o.passphrase(),
                o.insecurePlaintextSigningKey(), log);
        KeyRing keys = new KeyRing(o.dataDir().resolve("keys"), o.tokenizerImpl(), o.passphrase());
        keys.loadAll(log);
        Store store = new JdbcStore(StoreUrls.parse(o.store(), o.dataDir()));
        try {
            Metrics metrics = new Metrics();
            ServerContext s = new ServerContext(o, store, new Tokens(store, o.tokenCache().toMillis()), new RateLimiter(), keys,
                    signingKey, metrics, new Reports(signingKey, version), version, log);
            firstAdminToken(s);
            JobRunner jobs = new JobRunner(s);
            metrics.gauge("telltale_jobs_running", jobs::running);
            metrics.gauge("telltale_keys_loaded", () -> keys.entries().size());
            Javalin app = routes(s, jobs);
            app.start(o.host(), o.port());
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("version", version);
            started.put("instance", jobs.instance());
            started.put("signing_key_sha256", signingKey.fingerprint());
            started.put("keys", keys.entries().stream().map(e -> e.key().keyId()).toList());
            store.audit(new AuditEvent("server", "server.started", null, started));
            jobs.start();
            log.println("telltale verifier listening on http://" + o.host() + ":" + app.port() + "/ (store " + store.kind() + ", "
                    + keys.entries().size() + " key(s), signing key sha256:" + signingKey.fingerprint() + ")");
            return new VerifierServer(app, store, jobs, s);
        } catch (RuntimeException | IOException e) {
            store.close();
            throw e;
        }
    }

    private static Javalin routes(ServerContext s, JobRunner jobs) {
        DetectRoutes detect = new DetectRoutes(s);
        ReportRoutes reports = new ReportRoutes(s);
        MetaRoutes meta = new MetaRoutes(s);
        AdminRoutes admin = new AdminRoutes(s);
        JobRoutes jobRoutes = new JobRoutes(s, jobs);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.http.maxRequestSize = Math.max(s.options().limits().maxUploadBytes(), s.options().limits().maxRequestBytes());
            c.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/telltale-server/web";
                sf.location = Location.CLASSPATH;
            });
            c.requestLogger.http((ctx, ms) -> {
                String route;
                try {
                    route = ctx.endpointHandlerPath();
                } catch (RuntimeException e) {
                    route = "static";
                }
                s.metrics().request(ctx.method().name(), route, ctx.statusCode(), ms / 1000.0);
            });
        });
        app.get("/healthz", meta::health);
        app.get("/metrics", meta::metrics);
        app.get("/openapi.json", meta::openApi);
        app.get("/v1/signing-key", meta::signingKey);
        app.get("/v1/keys", meta::keys);
        app.post("/v1/keys", admin::createKey);
        app.post("/v1/detect", detect::detect);
        app.get("/v1/reports/{id}", reports::get);
        app.post("/v1/jobs", jobRoutes::create);
        app.get("/v1/jobs", jobRoutes::list);
        app.get("/v1/jobs/{id}", jobRoutes::get);
        app.post("/v1/tokens", admin::createToken);
        app.get("/v1/tokens", admin::listTokens);
        app.delete("/v1/tokens/{id}", admin::revokeToken);
        app.get("/v1/audit", admin::exportAudit);
        app.get("/v1/whoami", ctx -> {
            Tokens.Principal p = Http.require(ctx, s.tokens(), Role.SUBMITTER);
            Http.json(ctx, 200, Map.of("token_id", p.tokenId(), "role", p.role().json()));
        });
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), switch (e.getStatus()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> "http_" + e.getStatus();
        }, e.getMessage() + (e.getStatus() == 404 ? " (see /openapi.json)" : ""), 0));
        app.exception(JdbcStore.StoreException.class, (e, ctx) -> {
            s.log().println("store error: " + e.getMessage());
            error(ctx, 503, "store_unavailable", "the store failed: " + e.getMessage(), 0);
        });
        app.exception(Exception.class, (e, ctx) -> {
            s.log().println("internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
            e.printStackTrace(s.log());
            error(ctx, 500, "internal_error", "internal error (" + e.getClass().getSimpleName() + "); see the server log", 0);
        });
        app.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                error(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path() + " (see /openapi.json)", 0);
            }
        });
        app.error(405, ctx -> {
            if (ctx.resultInputStream() == null) {
                error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), 0);
            }
        });
        return app;
    }

    private static void error(io.javalin.http.Context ctx, int status, String code, String message, long retryAfter) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", status);
        e.put("code", code);
        e.put("message", message);
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
        }
        Http.json(ctx, status, Map.of("error", e));
    }

    private static void firstAdminToken(ServerContext s) throws IOException {
        if (s.store().tokenCount() > 0) {
            return;
        }
        Tokens.Created c = Tokens.create(s.store(), Role.ADMIN, "first admin (created at first start)", null, "server");
        Path f = s.options().dataDir().resolve("admin-token");
        Files.deleteIfExists(f);
        Files.createFile(f);
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
        Files.writeString(f, c.token() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        s.log().println("created the first admin token (" + c.record().id() + ") in " + f + " (mode 600); it is not shown again");
    }

    /** The tool version recorded in reports. */
    public static String version() {
        try (InputStream in = VerifierServer.class.getResourceAsStream("/telltale-server.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /** SHA-256 fingerprint of the report signing key. */
    public String signingKeyFingerprint() {
        return context.signingKey().fingerprint();
    }

    /** Stops listening, checkpoints and releases running jobs, closes the store. */
    @Override
    public void close() {
        app.stop();
        jobs.stop();
        store.close();
    }
}
