package io.esteira.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Before a PostgreSQL test context starts: drops and creates its database and points the
 * datasource at it. The first context of a run gets {@code esteira_it}; should a second, differently
 * configured context start in the same run, it gets {@code esteira_it_2} and so on, so that a cached
 * context never has its database dropped from under it.
 */
public class FreshPostgresDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** {@code -Desteira.it.database=…} gives parallel checkouts on one server databases of their own. */
    static final String DATABASE = System.getProperty("esteira.it.database", "esteira_it");
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        int n = CONTEXTS.incrementAndGet();
        String database = n == 1 ? DATABASE : DATABASE + "_" + n;
        if (!(Boolean.getBoolean("esteira.it.keep-database") && exists(database))) {
            recreate(database);
        }
        TestPropertyValues.of(
                "spring.datasource.url=" + TestPostgres.url(database),
                "spring.datasource.username=" + TestPostgres.USER,
                "spring.datasource.password=").applyTo(context.getEnvironment());
    }

    /** -Desteira.it.keep-database=true: a benchmark runs again on the data it seeded the time before. */
    private static boolean exists(String database) {
        try (Connection c = TestPostgres.admin(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + database.replace("'", "") + "'")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    static void recreate(String database) {
        try (Connection c = TestPostgres.admin(); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
            s.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException((PostgresRequired.inCi() ? PostgresRequired.REQUIRED
                    : "Could not create the test database " + database + " on " + TestPostgres.ADDRESS)
                    + ": " + e.getMessage(), e);
        }
    }
}
