package io.esteira.features;

import io.esteira.support.PostgresIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Introspection and statistics on PostgreSQL: the scratch table lives in a database of its own, esteira_it_source. */
@PostgresIntegrationTest
class SourceExplorerOnPostgresIntegrationTest extends SourceExplorerScenarios {

    static final String DATABASE = "esteira_it_source";

    @Override
    String[] scratchDatabase() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_database where datname = '" + DATABASE + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                s.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the scratch database", e);
        }
        return new String[] {"jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "postgres", "unused"};
    }
}
