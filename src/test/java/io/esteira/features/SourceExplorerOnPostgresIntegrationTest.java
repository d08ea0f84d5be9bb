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

    @org.springframework.beans.factory.annotation.Autowired
    io.esteira.support.SourceGrantsForTests grants;

    @org.junit.jupiter.api.Test
    void a_superuser_or_a_member_of_the_file_roles_runs_no_ones_queries() throws Exception {
        String[] admin = scratchDatabase();
        try (Connection c = DriverManager.getConnection(admin[0], admin[1], ""); Statement s = c.createStatement()) {
            s.execute("do $$ begin if not exists (select from pg_roles where rolname = 'esteira_file_reader') then "
                    + "create role esteira_file_reader login password 'x'; end if; end $$");
            s.execute("grant pg_read_server_files to esteira_file_reader");
        }
        for (String[] account : new String[][] {{admin[1], "superuser"}, {"esteira_file_reader", "pg_read_server_files"}}) {
            io.esteira.features.DataSourceSummary source = personas.call(io.esteira.support.Personas.ADMIN, () -> sources.create(
                    new DataSourceDraft("privileged " + java.util.UUID.randomUUID(), "", admin[0], "org.postgresql.Driver", account[0], "x",
                            Classification.SPEC, null)));
            grants.toEveryArea(source.id());
            ConnectionTest test = personas.call(io.esteira.support.Personas.ADMIN, () -> sources.test(source.id()));
            org.assertj.core.api.Assertions.assertThat(test.ok()).isFalse();
            org.assertj.core.api.Assertions.assertThat(test.message()).contains("too powerful", account[1]);
            personas.run(io.esteira.support.Personas.DS_CREDIT, () -> org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> explorer.preview(source.id(), SourceQuery.select("select 1 as one"), 1)).hasMessageContaining(account[1]));
        }
        String[] reader = io.esteira.support.ScratchReader.of(admin, "scratch");
        io.esteira.features.DataSourceSummary least = personas.call(io.esteira.support.Personas.ADMIN, () -> sources.create(
                new DataSourceDraft("least privilege " + java.util.UUID.randomUUID(), "", reader[0], "org.postgresql.Driver", reader[1],
                        reader[2], Classification.SPEC, null)));
        org.assertj.core.api.Assertions.assertThat(personas.call(io.esteira.support.Personas.ADMIN, () -> sources.test(least.id())).message())
                .contains("least-privilege");
    }
}
