package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.features.domain.DataSources;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;

/**
 * The attacks of issue 14 on the data path, each layer on its own: the source's account, the SQL
 * allow-list, and the audit of what was tried.
 */
@IntegrationTest
class HostThroughSqlIntegrationTest {

    @Autowired
    DataSourceService sources;
    @Autowired
    DataSources stored;
    @Autowired
    DataSourceConnections connections;
    @Autowired
    SourceExplorer explorer;
    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    Api api;
    @Autowired
    AuditTrail audit;
    @Autowired
    io.esteira.support.SourceGrantsForTests grants;

    UUID demo;
    UUID credit;

    @BeforeEach
    void demoWarehouse() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow();
    }

    @Test
    void the_demo_warehouse_is_connected_with_an_account_that_cannot_reach_files_even_without_the_sql_check() throws Exception {
        DataSourceSummary summary = personas.call(ADMIN, () -> sources.get(demo));
        assertThat(summary.username()).isEqualTo(DemoWarehouse.READER);
        assertThat(summary.writeUsername()).isEqualTo(DemoWarehouse.WRITER);
        assertThat(personas.call(ADMIN, () -> sources.test(demo)).message()).contains("least-privilege");
        try (Connection c = connections.openForPeople(stored.findById(demo).orElseThrow()); Statement s = c.createStatement()) {
            for (String attack : new String[] {"select file_read('/etc/passwd', null)", "select * from csvread('/proc/self/environ')",
                    "select csvwrite('/tmp/esteira-attack.csv', 'select 1')",
                    "select * from link_schema('x', '', 'jdbc:h2:mem:y', 'sa', '', 'PUBLIC')",
                    "create alias evil as 'String f() { return \"x\"; }'", "insert into bank.customers (customer_id) values (-1)",
                    "drop table bank.customers"}) {
                assertThatThrownBy(() -> s.execute(attack)).as(attack).isInstanceOf(SQLException.class);
            }
        }
        assertThat(new java.io.File("/tmp/esteira-attack.csv")).doesNotExist();
    }

    @Test
    void the_writer_owns_only_the_areas_schemas() throws Exception {
        try (Connection c = connections.openForWriting(stored.findById(demo).orElseThrow()); Statement s = c.createStatement()) {
            s.execute("create table area_credit.attack_probe_" + System.nanoTime() + " (x int)");
            assertThatThrownBy(() -> s.execute("drop table bank.customers")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.execute("select file_read('/etc/passwd')")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void a_source_on_an_administrator_account_runs_no_ones_queries_and_the_refusal_is_audited() {
        String url = "jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=10";
        DataSourceSummary admin = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("admin account " + UUID.randomUUID(), "",
                url, "org.h2.Driver", "sa", null, Classification.SPEC, null)));
        grants.toEveryArea(admin.id());
        ConnectionTest test = personas.call(ADMIN, () -> sources.test(admin.id()));
        assertThat(test.ok()).isFalse();
        assertThat(test.message()).contains("too powerful", "H2 administrator");
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> explorer.preview(admin.id(), SourceQuery.select("select 1 as one"), 5))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("SELECT grants only"));
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("data-source.queried", admin.id().toString()));
        assertThat(entry.outcome()).isEqualTo("DENIED");
        assertThat(entry.actor()).isEqualTo("ds.credit");
        assertThat(entry.details()).contains("select 1 as one", "too powerful");
    }

    @Test
    void the_api_refuses_file_functions_naming_them_and_the_audit_keeps_the_sql() {
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("attack", null, LocalDate.now().plusDays(1), false)))
                .secret();
        for (String attack : new String[] {"select FILE_READ('/etc/passwd', NULL)", "select * from CSVREAD('/proc/self/environ')",
                "select CSVWRITE('/tmp/x.csv', 'select 1')",
                "select * from LINK_SCHEMA('x', '', 'jdbc:h2:mem:y;INIT=RUNSCRIPT FROM ''/tmp/x''', 'sa', '', 'PUBLIC')",
                "select \"FILE_READ\"('/etc/passwd')", "select segment, fıle_read('/etc/passwd') from bank.customers"}) {
            Response refused = api.post("/api/v1/schedules/preview", token,
                    "{\"areaId\": \"" + credit + "\", \"sourceId\": \"" + demo + "\", \"sql\": " + json(attack) + "}");
            assertThat(refused.status()).as(attack).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body()).as(attack).contains("not allowed");
        }
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("data-source.queried", demo.toString()));
        assertThat(entry.outcome()).isEqualTo("DENIED");
        assertThat(entry.areaId()).isEqualTo(credit);
        assertThat(entry.details()).contains("fıle_read", "schedule preview");
    }

    @Test
    void an_allowed_preview_is_audited_with_its_sql_source_area_and_person() {
        String sql = "select segment, count(*) as customers from bank.customers group by segment";
        personas.call(DS_CREDIT, () -> schedulePreviews.preview(credit, demo, sql));
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("data-source.queried", demo.toString()));
        assertThat(entry.outcome()).isEqualTo("SUCCESS");
        assertThat(entry.actor()).isEqualTo("ds.credit");
        assertThat(entry.areaId()).isEqualTo(credit);
        assertThat(entry.details()).contains(sql, DemoWarehouse.SOURCE_NAME);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
