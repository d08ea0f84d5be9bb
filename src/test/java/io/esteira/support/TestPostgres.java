package io.esteira.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The PostgreSQL server the integration tests use: 127.0.0.1:5432, user postgres, trust auth. */
final class TestPostgres {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String USER = "postgres";
    static final String ADDRESS = HOST + ":" + PORT;

    private TestPostgres() {
    }

    static String url(String database) {
        return "jdbc:postgresql://" + ADDRESS + "/" + database;
    }

    /** A connection to the maintenance database, for creating and dropping test databases. */
    static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", "");
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url("postgres"), props);
    }
}
