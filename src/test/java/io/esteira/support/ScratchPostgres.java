package io.esteira.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Scratch databases on the test PostgreSQL server (127.0.0.1:5432, user postgres) for tests that start portals of their own. */
public final class ScratchPostgres {

    public static final String USER = TestPostgres.USER;

    private ScratchPostgres() {
    }

    /** Drops the database if it exists (closing its connections) and creates it empty. @return its JDBC URL */
    public static String recreate(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        FreshPostgresDatabase.recreate(database);
        return url(database);
    }

    public static String url(String database) {
        return TestPostgres.url(database);
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, "");
    }
}
