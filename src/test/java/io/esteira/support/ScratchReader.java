package io.esteira.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A least-privilege account on a scratch database, as an administrator would make one for a data
 * source: SELECT on the named schemas (and on tables created there later), nothing else. People's
 * queries refuse to run on the scratch database's administrator.
 */
public final class ScratchReader {

    public static final String USER = "esteira_scratch_reader";
    public static final String PASSWORD = "scratch-reader";

    private ScratchReader() {
    }

    /**
     * @param admin   the JDBC address, administrator and password
     * @param schemas as SQL writes them: quoted or not
     * @return the address, reader and password
     */
    public static String[] of(String[] admin, String... schemas) {
        try (Connection c = DriverManager.getConnection(admin[0], admin[1], admin[2]); Statement s = c.createStatement()) {
            if (admin[0].startsWith("jdbc:h2:")) {
                s.execute("create user if not exists " + USER + " password '" + PASSWORD + "'");
                for (String schema : schemas) {
                    s.execute("create schema if not exists " + schema + "");
                    s.execute("grant select on schema " + schema + " to " + USER);
                }
            } else {
                s.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + USER + "') then "
                        + "create role " + USER + " login password '" + PASSWORD + "'; end if; end $$");
                for (String schema : schemas) {
                    s.execute("create schema if not exists " + schema + "");
                    s.execute("grant usage on schema " + schema + " to " + USER);
                    s.execute("grant select on all tables in schema " + schema + " to " + USER);
                    s.execute("alter default privileges in schema " + schema + " grant select on tables to " + USER);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot make the scratch database's reader", e);
        }
        // DB_CLOSE_DELAY is the administrator's to set; the database stays open by the administrator's own setting
        return new String[] {admin[0].replaceAll("(?i);DB_CLOSE_DELAY=[^;]*", ""), USER, PASSWORD};
    }
}
