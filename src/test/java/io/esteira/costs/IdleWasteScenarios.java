package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Personas;
import io.esteira.workspaces.WorkspaceHousekeeping;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Idle time of running workspaces as waste, end to end on a database: periods recorded as housekeeping
 * records them (explicit past times, month 8 back, which no other cost scenario uses), priced by the
 * ledger's rating at each hour's price, read per person and workspace by managers, members and outsiders
 * through the service and the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdleWasteScenarios {

    static final ResourceShape M = new ResourceShape(4, 16, null, 0, 20);
    static final ResourceShape S = new ResourceShape(2, 8, null, 0, 20);

    @Autowired
    IdleTime idleTime;
    @Autowired
    IdleWaste idleWaste;
    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    CostEstimates estimates;
    @Autowired
    AreaService areas;
    @Autowired
    WorkspaceHousekeeping housekeeping;
    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    UUID credit;
    UUID fraud;
    UUID dsCredit;
    UUID dsFraud;
    UUID managerCredit;
    YearMonth month;

    @BeforeAll
    void areasAndPeople() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream().collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        dsCredit = personas.user(DS_CREDIT).userId();
        dsFraud = personas.user(DS_FRAUD).userId();
        managerCredit = personas.user(MANAGER_CREDIT).userId();
        month = YearMonth.now(ZoneOffset.UTC).minusMonths(8);
    }

    /** A time of day on a day of the month under test. */
    Instant at(int day, int hour, int minute) {
        return month.atDay(day).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
    }

    /** A housekeeping check of a running workspace. */
    void seen(UUID area, UUID workspace, String name, UUID person, ResourceShape shape, Instant lastActivity, int busy, Instant at) {
        inTransaction(() -> idleTime.seen(new IdleCheck(area, workspace, name, person, person == null ? null : "person " + person,
                Held.compute(shape), lastActivity, busy, at)));
    }

    IdleWasteReport.Workspace workspace(IdleWasteReport report, UUID id) {
        return report.workspaces().stream().filter(w -> w.workspaceId().equals(id)).findFirst().orElseThrow();
    }

    BigDecimal hourly(String who, UUID area, ResourceShape shape, Instant at) {
        return personas.call(who, () -> estimates.hourly(area, Held.compute(shape), at)).hourly();
    }

    @Test
    void two_idle_hours_of_a_workspace_cost_two_hours_of_its_compute_and_show_as_a_share_of_what_its_compute_cost() {
        Duration grace = idleTime.grace();
        UUID ws = UUID.randomUUID();
        Instant running = at(3, 10, 0);
        Instant idleFrom = at(3, 10, 15);
        // the workspace ran 4 hours; the ledger rates its compute
        inTransaction(() -> {
            usage.open(new UsageStart(credit, "workspace", ws, "ana-idle-m", dsCredit, "Ana", "Python · M", M, running, Held.compute(M)));
            usage.close("workspace", ws, at(3, 14, 0), "stopped");
        });
        personas.call(ADMIN, () -> ledger.rate(running, at(3, 14, 0)));
        // its last activity, then a check past the grace, then activity 2 h after the idle time began
        seen(credit, ws, "ana-idle-m", dsCredit, M, idleFrom.minus(grace), 0, at(3, 10, 40));
        seen(credit, ws, "ana-idle-m", dsCredit, M, idleFrom.plus(Duration.ofHours(2)), 0, at(3, 12, 20));

        IdleWasteReport report = personas.call(MANAGER_CREDIT, () -> idleWaste.month(credit, month));
        IdleWasteReport.Workspace row = workspace(report, ws);
        assertThat(row.hours()).isEqualByComparingTo("2");
        assertThat(row.periods()).isEqualTo(1);
        BigDecimal perHour = hourly(MANAGER_CREDIT, credit, M, idleFrom);
        assertThat(perHour).as("4 vCPU and 16 GiB at the default prices").isEqualByComparingTo("0.24");
        assertThat(row.cost()).isEqualTo(perHour.multiply(BigDecimal.TWO).setScale(Rating.SCALE));
        BigDecimal compute = personas.call(MANAGER_CREDIT, () -> ledger.lines(credit, running, at(3, 14, 0), PageRequest.of(0, 100)))
                .getContent().stream().filter(l -> l.resourceId().equals(ws)).map(CostLineView::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(row.computeCost()).isEqualByComparingTo(compute).isEqualByComparingTo("0.96");
        assertThat(row.percentOfCompute()).isEqualByComparingTo("50");
        assertThat(report.currency()).isEqualTo("EUR");
        assertThat(report.idleAfter()).isEqualTo(grace);

        IdleWasteReport.Person ana = report.people().stream().filter(p -> dsCredit.equals(p.personId())).findFirst().orElseThrow();
        List<IdleWasteReport.Workspace> hers = report.workspaces().stream().filter(w -> dsCredit.equals(w.personId())).toList();
        assertThat(ana.cost()).isEqualTo(hers.stream().map(IdleWasteReport.Workspace::cost).reduce(BigDecimal.ZERO.setScale(Rating.SCALE),
                BigDecimal::add));
        assertThat(ana.computeCost()).isGreaterThanOrEqualTo(compute);
    }

    @Test
    void activity_and_a_busy_kernel_end_idle_time_a_stop_closes_it_and_checking_again_never_duplicates_it() {
        UUID ws = UUID.randomUUID();
        Instant activity = at(5, 10, 0);
        seen(credit, ws, "ana-idle-s", dsCredit, S, activity, 0, at(5, 10, 5));
        assertThat(openPeriods(ws)).as("within the grace").isZero();
        seen(credit, ws, "ana-idle-s", dsCredit, S, activity, 0, at(5, 10, 40));
        seen(credit, ws, "ana-idle-s", dsCredit, S, activity, 0, at(5, 10, 50));
        assertThat(openPeriods(ws)).as("a second check of the same idle time, e.g. after a restart").isEqualTo(1);
        seen(credit, ws, "ana-idle-s", dsCredit, S, at(5, 11, 0), 0, at(5, 11, 5));
        assertThat(openPeriods(ws)).as("activity ends it").isZero();
        seen(credit, ws, "ana-idle-s", dsCredit, S, at(5, 11, 0), 0, at(5, 11, 30));
        assertThat(openPeriods(ws)).isEqualTo(1);
        inTransaction(() -> assertThat(idleTime.ended(ws, at(5, 12, 0), "stopped")).isTrue());
        inTransaction(() -> assertThat(idleTime.ended(ws, at(5, 12, 30), "stopped")).as("nothing left open").isFalse());
        // a busy kernel without newer activity ends idle time at the check that sees it
        seen(credit, ws, "ana-idle-s", dsCredit, S, at(5, 13, 0), 0, at(5, 13, 30));
        seen(credit, ws, "ana-idle-s", dsCredit, S, at(5, 13, 0), 1, at(5, 13, 45));
        seen(credit, ws, "ana-idle-s", dsCredit, S, at(5, 13, 0), 1, at(5, 14, 45));
        assertThat(openPeriods(ws)).isZero();

        // 10:15-11:00, 11:15-12:00 and 13:15-13:45: 2 h of 2 vCPU and 8 GiB
        IdleWasteReport.Workspace row = workspace(personas.call(DS_CREDIT, () -> idleWaste.month(credit, month)), ws);
        assertThat(row.periods()).isEqualTo(3);
        assertThat(row.hours()).isEqualByComparingTo("2");
        assertThat(row.cost()).isEqualByComparingTo(hourly(DS_CREDIT, credit, S, at(5, 10, 0)).multiply(BigDecimal.TWO));
        assertThat(row.percentOfCompute()).as("no compute in the ledger for it").isNull();
        assertThat(jdbc.queryForList("select end_reason from cost_idle_period where workspace_id = ? order by started_at", String.class, ws))
                .containsExactly("activity", "stopped", "a busy kernel");
    }

    @Test
    void reconciliation_closes_the_idle_time_of_a_workspace_that_no_longer_runs() {
        UUID gone = UUID.randomUUID();
        seen(credit, gone, "gone", dsCredit, S, at(6, 9, 0), 0, at(6, 10, 0));
        assertThat(idleTime.openWorkspaces()).contains(gone);
        housekeeping.reconcile();
        assertThat(idleTime.openWorkspaces()).doesNotContain(gone);
        assertThat(openPeriods(gone)).isZero();
    }

    @Test
    void an_idle_period_across_a_price_change_uses_each_hours_price() {
        AreaSummary area = personas.call(ADMIN, () -> areas.create(new AreaDraft("IDLE_" + UUID.randomUUID().toString().substring(0, 8)
                .toUpperCase(), "Idle pricing", "CC-IDLE", new BigDecimal("1000"), "EUR", true)));
        // the area's own vCPU prices from 11:00 and 12:00 of that day, scheduled long ago (a test cannot schedule into the past)
        price(area.id(), "0.10", at(4, 11, 0));
        price(area.id(), "0.06", at(4, 12, 0));
        UUID ws = UUID.randomUUID();
        seen(area.id(), ws, "across", dsCredit, M, at(4, 10, 0), 0, at(4, 10, 30));
        inTransaction(() -> idleTime.ended(ws, at(4, 12, 15), "stopped"));

        BigDecimal ten = hourly(ADMIN, area.id(), M, at(4, 10, 0));
        BigDecimal eleven = hourly(ADMIN, area.id(), M, at(4, 11, 0));
        BigDecimal twelve = hourly(ADMIN, area.id(), M, at(4, 12, 0));
        assertThat(List.of(ten, eleven, twelve)).as("three prices").doesNotHaveDuplicates();
        IdleWasteReport report = personas.call(ADMIN, () -> idleWaste.month(area.id(), month));
        // 10:15-11:00, 11:00-12:00, 12:00-12:15
        assertThat(workspace(report, ws).cost()).isEqualByComparingTo(new BigDecimal("0.75").multiply(ten).add(eleven)
                .add(new BigDecimal("0.25").multiply(twelve))).isEqualByComparingTo("0.74");
        assertThat(report.people()).singleElement().satisfies(p -> assertThat(p.hours()).isEqualByComparingTo("2"));
    }

    @Test
    void managers_read_everybodys_idle_time_members_their_own_and_another_areas_manager_nothing() {
        List<UUID> idle = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        seen(credit, idle.get(0), "marta-idle", managerCredit, S, at(7, 9, 0), 0, at(7, 10, 0));
        seen(credit, idle.get(1), "ana-idle", dsCredit, S, at(7, 9, 0), 0, at(7, 10, 0));
        seen(fraud, idle.get(2), "bruno-idle", dsFraud, S, at(7, 9, 0), 0, at(7, 10, 0));
        inTransaction(() -> idle.forEach(ws -> idleTime.ended(ws, at(7, 11, 0), "stopped")));

        IdleWasteReport managers = personas.call(MANAGER_CREDIT, () -> idleWaste.month(credit, month));
        assertThat(managers.wholeArea()).isTrue();
        assertThat(managers.people()).extracting(IdleWasteReport.Person::personId).contains(managerCredit, dsCredit).doesNotContain(dsFraud);
        IdleWasteReport own = personas.call(DS_CREDIT, () -> idleWaste.month(credit, month));
        assertThat(own.wholeArea()).isFalse();
        assertThat(own.people()).extracting(IdleWasteReport.Person::personId).containsExactly(dsCredit);
        assertThat(own.workspaces()).allSatisfy(w -> assertThat(w.personId()).isEqualTo(dsCredit));
        assertThat(personas.call(ADMIN, () -> idleWaste.month(fraud, month)).people()).extracting(IdleWasteReport.Person::personId)
                .containsExactly(dsFraud);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> idleWaste.month(fraud, month))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> idleWaste.month(credit, month))).isInstanceOf(NotFoundException.class);

        String query = "/api/v1/costs/idle?area=" + credit + "&month=" + month;
        Api.Response ok = api.get(query, token(MANAGER_CREDIT));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode people = ok.json().get("people");
        assertThat(people.size()).isGreaterThanOrEqualTo(2);
        assertThat(ok.json().get("month").asString()).isEqualTo(month.toString());
        JsonNode mine = api.get(query, token(DS_CREDIT)).json().get("people");
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("personId").asString()).isEqualTo(dsCredit.toString());
        assertThat(api.get("/api/v1/costs/idle?area=" + fraud + "&month=" + month, token(MANAGER_CREDIT)).status()).isEqualTo(404);
        Api.Response badMonth = api.get("/api/v1/costs/idle?area=" + credit + "&month=2025-13", token(MANAGER_CREDIT));
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.contentType()).contains("application/problem+json");
        assertThat(badMonth.body()).contains("yyyy-MM");
        Api.Response noArea = api.get("/api/v1/costs/idle?month=" + month, token(MANAGER_CREDIT));
        assertThat(noArea.status()).isEqualTo(400);
        assertThat(noArea.contentType()).contains("application/problem+json");
        assertThat(api.get("/api/v1/costs/idle?area=nope&month=" + month, token(MANAGER_CREDIT)).status()).isEqualTo(400);
    }

    int openPeriods(UUID workspace) {
        return jdbc.queryForObject("select count(*) from cost_idle_period where workspace_id = ? and ended_at is null", Integer.class,
                workspace);
    }

    void price(UUID area, String vcpuHour, Instant from) {
        jdbc.update("insert into rate_price (id, sku, area_id, area_key, currency, unit, unit_price, effective_from, created_by, created_at) "
                + "values (?, 'VCPU_HOUR', ?, ?, 'EUR', 'vCPU-hour', ?, ?, 'test', ?)", UUID.randomUUID(), area, area.toString(),
                new BigDecimal(vcpuHour), Timestamp.from(from), Timestamp.from(from.minus(Duration.ofDays(30))));
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("idle-" + who.replace('.', '-') + "-" + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }
}
