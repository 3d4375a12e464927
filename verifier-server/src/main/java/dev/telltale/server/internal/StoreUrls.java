package dev.telltale.server.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns the {@code --store} option into a JDBC URL: empty = SQLite at {@code DATA/telltale.db};
 * {@code sqlite:PATH}; {@code postgresql://user:password@host:port/db?…} (libpq form); or any
 * {@code jdbc:sqlite:} / {@code jdbc:postgresql:} URL as is.
 */
public final class StoreUrls {
    /** A JDBC URL with credentials split out (so they never appear in logs). */
    public record Jdbc(String url, String user, String password, Dialect dialect) {
        /** The URL without credentials, for messages. */
        public String display() {
            return url;
        }
    }

    private StoreUrls() {}

    public static Jdbc parse(String store, Path dataDir) {
        if (store == null || store.isBlank()) {
            return new Jdbc("jdbc:sqlite:" + dataDir.resolve("telltale.db").toAbsolutePath(), null, null, Dialect.SQLITE);
        }
        if (store.startsWith("sqlite:")) {
            return new Jdbc("jdbc:sqlite:" + Path.of(store.substring(7)).toAbsolutePath(), null, null, Dialect.SQLITE);
        }
        if (store.startsWith("jdbc:sqlite:")) {
            return new Jdbc(store, null, null, Dialect.SQLITE);
        }
        if (store.startsWith("jdbc:postgresql:")) {
            return new Jdbc(store, null, null, Dialect.POSTGRESQL);
        }
        if (store.startsWith("postgresql://") || store.startsWith("postgres://")) {
            URI u = URI.create(store);
            String user = null;
            String password = null;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String host = u.getHost() == null ? "localhost" : u.getHost();
            String port = u.getPort() > 0 ? ":" + u.getPort() : "";
            String db = u.getPath() == null || u.getPath().length() <= 1 ? "" : u.getPath().substring(1);
            String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
            return new Jdbc("jdbc:postgresql://" + host + port + "/" + db + query, user, password, Dialect.POSTGRESQL);
        }
        throw new IllegalArgumentException("--store must be sqlite:PATH, postgresql://user:password@host:port/db, "
                + "or a jdbc:sqlite: / jdbc:postgresql: URL; got '" + store.replaceAll("//[^@/]*@", "//…@") + "'");
    }
}
