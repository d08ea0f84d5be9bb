package io.esteira.features;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.audit.AuditEntry;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.shared.ForbiddenException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import io.esteira.support.ScratchReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Which areas may query a platform-wide source, in which schemas, and columns an administrator classifies. */
@IntegrationTest
class SourceGrantsIntegrationTest {

    @Autowired
    DataSourceService sources;
    @Autowired
    SourceAccess access;
    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    SourceExplorer explorer;
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

    UUID credit;
    UUID fraud;
    UUID source;

    @BeforeEach
    void anUngrantedSource() throws Exception {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        String url = "jdbc:h2:mem:grants-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create schema mart");
            s.execute("create schema hr");
            s.execute("create table mart.accounts (id int, branch varchar(20), holder_name varchar(40))");
            s.execute("insert into mart.accounts values (1, 'Lisbon', 'Ana Silva'), (2, 'Porto', 'Rui Costa')");
            s.execute("create table hr.salaries (id int, salary int)");
        }
        String[] reader = ScratchReader.of(new String[] {url, "sa", ""}, "mart", "hr");
        source = personas.call(ADMIN, () -> sources.create(new DataSourceDraft("grants " + UUID.randomUUID(), "", reader[0],
                "org.h2.Driver", reader[1], reader[2], Classification.SOT, null))).id();
    }

    @Test
    void a_source_without_a_grant_is_queried_by_no_area() {
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select 1 as one"))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining("no grant");
            assertThatThrownBy(() -> explorer.tables(source)).isInstanceOf(ForbiddenException.class);
        });
    }

    @Test
    void a_grant_opens_one_schema_to_one_area_and_is_audited() {
        personas.run(ADMIN, () -> access.grant(source, credit, "mart"));
        AuditEntry entry = audit.awaitEntry(AuditTrail.actionOn("data-source.granted", source.toString()));
        assertThat(entry.actor()).isEqualTo("admin");
        assertThat(entry.details()).contains("Credit Risk", "mart");

        personas.run(DS_CREDIT, () -> {
            assertThat(schedulePreviews.preview(credit, source, "select branch, count(*) as n from mart.accounts group by branch").rows()).hasSize(2);
            assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select * from hr.salaries"))
                    .hasMessageContaining("may not query hr.salaries");
            assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select * from mart.accounts a join hr.salaries s on s.id = a.id"))
                    .hasMessageContaining("may not query hr.salaries");
            // an unqualified name goes where the connection's search path sends it: a schema grant needs named schemas
            assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select * from salaries"))
                    .hasMessageContaining("Name the schema of salaries");
        });
        personas.run(DS_FRAUD, () -> assertThatThrownBy(() -> schedulePreviews.preview(fraud, source, "select branch from mart.accounts"))
                .hasMessageContaining("no grant"));

        personas.run(ADMIN, () -> access.revoke(source, credit, "mart"));
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select branch from mart.accounts"))
                .hasMessageContaining("no grant"));
    }

    @Test
    void a_column_an_administrator_classifies_is_personal_data_of_its_area() {
        personas.run(ADMIN, () -> {
            access.grant(source, credit, "*");
            access.grant(source, fraud, "*");
            access.classify(source, "mart", "accounts", "holder_name", fraud);
        });
        assertThat(personas.call(ADMIN, () -> access.columns(source)))
                .anySatisfy(c -> assertThat(c.column() + " " + c.ownerArea() + " " + c.origin()).isEqualTo("holder_name Fraud administrator"));
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> schedulePreviews.preview(credit, source, "select id, holder_name from mart.accounts"))
                    .hasMessageContaining("mart.accounts.holder_name is personal data of Fraud");
            assertThat(schedulePreviews.preview(credit, source, "select id, branch from mart.accounts").rows()).hasSize(2);
        });
        personas.run(DS_FRAUD, () -> assertThat(schedulePreviews.preview(fraud, source, "select holder_name from mart.accounts").rows()).hasSize(2));
    }

    @Test
    void only_administrators_grant_and_classify_through_the_api() {
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("grants", null, LocalDate.now().plusDays(1), false)))
                .secret();
        assertThat(api.post("/api/v1/data-sources/" + source + "/grants", token, "{\"areaId\": \"" + credit + "\", \"schema\": \"*\"}")
                .status()).isEqualTo(403);
        assertThat(api.post("/api/v1/data-sources/" + source + "/personal-columns", token,
                "{\"schema\": \"mart\", \"table\": \"accounts\", \"column\": \"branch\", \"ownerAreaId\": \"" + credit + "\"}").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/data-sources/" + source + "/grants", token).status()).isEqualTo(403);
    }
}
