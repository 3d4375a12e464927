package dev.telltale.server.internal;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL that store tests run against: {@code -Dtelltale.pg.url} (surefire sets it from the
 * {@code TELLTALE_PG_URL} environment variable, which {@code .ci/run} exports after starting Debian's
 * PostgreSQL), default {@code postgresql://telltale:telltale@127.0.0.1:5432/telltale_test}. Each call gets a
 * fresh schema. If PostgreSQL cannot be reached the tests FAIL with instructions; {@code -Dtelltale.pg=off}
 * is the one explicit way to leave them out.
 */
public final class Postgres {
    private Postgres() {}

    /** A JDBC URL for a new, empty schema. */
    public static String freshSchemaUrl() {
        assumeFalse("off".equals(System.getProperty("telltale.pg")), "PostgreSQL tests turned off with -Dtelltale.pg=off");
        String configured = System.getProperty("telltale.pg.url", "");
        if (configured.isBlank() || configured.startsWith("${")) {
            configured = "postgresql://telltale:telltale@127.0.0.1:5432/telltale_test";
        }
        StoreUrls.Jdbc jdbc = StoreUrls.parse(configured, null);
        String schema = "tt_" + HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is not reachable at " + jdbc.url() + " (" + e.getMessage() + "). Start it and "
                    + "set TELLTALE_PG_URL (see .ci/run: apt-get install postgresql; pg_ctlcluster 15 main start; create role and "
                    + "database), or pass -Dtelltale.pg=off to leave the PostgreSQL tests out explicitly.", e);
        }
        String sep = jdbc.url().contains("?") ? "&" : "?";
        String creds = (jdbc.user() == null ? "" : "user=" + jdbc.user() + "&") + (jdbc.password() == null ? "" : "password=" + jdbc.password() + "&");
        return jdbc.url() + sep + creds + "currentSchema=" + schema;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[6];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
