package io.esteira.scheduling;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Scheduled queries on the demo warehouse: they really fire, write their target, run once per fire, and stay in their area. */
abstract class SchedulingScenarios {

    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    ScheduleQueries scheduleQueries;
    @Autowired
    ScheduleRunner scheduleRunner;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    io.esteira.support.SourceGrantsForTests grants;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;

    UUID credit;
    UUID demo;

    @BeforeEach
    void prepare() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    ScheduleDraft draft(String name, String sql, String table, TargetMode mode, String cron) {
        return new ScheduleDraft(credit, name, "", demo, sql, table, mode, List.of(), cron, "UTC", 60);
    }

    long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aScheduleFiringEveryFewSecondsRunsAndReplacesItsTarget() throws Exception {
        String table = unique("segments");
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("segments"),
                "select segment, count(*) as customers from bank.customers where customer_since <= ${run_date} group by segment",
                table, TargetMode.REPLACE, "*/2 * * * * ?")));
        assertThat(schedule.inWords()).isNotBlank();
        assertThat(schedule.nextFires()).hasSize(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> personas.call(DS_CREDIT, () -> scheduleQueries.runs(schedule.id(), PageRequest.of(0, 10)))
                .getContent().stream().filter(r -> !r.state().equals("RUNNING")).count() >= 2);
        RunView run = personas.call(DS_CREDIT, () -> scheduleQueries.runs(schedule.id(), PageRequest.of(0, 10))).getContent().stream()
                .filter(r -> !r.state().equals("RUNNING")).findFirst().orElseThrow();
        assertThat(run.state()).as(String.valueOf(run.error())).isEqualTo("SUCCEEDED");
        assertThat(run.trigger()).isEqualTo("SCHEDULE");
        assertThat(run.log()).contains("replace into area_credit." + table, "rows written", "Succeeded in");
        long segments = count("select count(distinct segment) from bank.customers");
        assertThat(run.rowsRead()).isEqualTo(segments);
        assertThat(run.rowsWritten()).isEqualTo(segments);
        assertThat(count("select count(*) from \"area_credit\".\"" + table + "\"")).isEqualTo(segments);
        assertThat(count("select sum(\"customers\") from \"area_credit\".\"" + table + "\"")).isEqualTo(count("select count(*) from bank.customers"));
        audit.awaitEntry(AuditTrail.actionOn("schedule.run", schedule.id().toString()));
        personas.run(DS_CREDIT, () -> scheduleDefinitions.pause(schedule.id()));
        assertThat(personas.call(DS_CREDIT, () -> scheduleQueries.get(schedule.id())).nextFires()).isEmpty();
        personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
    }

    @Test
    void aFireRunsOnceWhicheverNodeTakesIt() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("once"), "select 1 as one", null,
                TargetMode.NONE, "0 0 3 * * ?")));
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SystemActor.run(() -> {
            scheduleRunner.fired(schedule.id(), at, false);
            scheduleRunner.fired(schedule.id(), at, false);
        });
        assertThat(jdbc.queryForObject("select count(*) from schedule_run where schedule_id = ?", Long.class, schedule.id())).isEqualTo(1);

        // a node died during a run: its run is left RUNNING, and Quartz fires it again, recovering, on another node
        Instant later = at.plusSeconds(60);
        jdbc.update("insert into schedule_run (id, schedule_id, area_id, scheduled_for, attempt, run_trigger, run_date, state, node, started_at) "
                + "values (?, ?, ?, ?, 1, 'SCHEDULE', ?, 'RUNNING', 'node-that-died', ?)", UUID.randomUUID(), schedule.id(), credit,
                java.sql.Timestamp.from(later), java.sql.Date.valueOf(LocalDate.now()), java.sql.Timestamp.from(later));
        SystemActor.run(() -> scheduleRunner.fired(schedule.id(), later, true));
        List<RunView> runs = personas.call(DS_CREDIT, () -> scheduleQueries.runs(schedule.id(), PageRequest.of(0, 10))).getContent();
        assertThat(runs).filteredOn(r -> r.scheduledFor().equals(later)).extracting(RunView::attempt, RunView::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "FAILED"), org.assertj.core.groups.Tuple.tuple(2, "SUCCEEDED"));
    }

    @Test
    void aFailingRunLeavesTheTargetAsItWas() throws Exception {
        String table = unique("appended");
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("append"),
                "select customer_id, segment from bank.customers where customer_id <= 10", table, TargetMode.APPEND, "0 0 3 * * ?")));
        RunView first = personas.call(DS_CREDIT, () -> scheduleRunner.runNow(schedule.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !personas.call(DS_CREDIT, () -> scheduleQueries.runs(schedule.id(), PageRequest.of(0, 5)))
                .getContent().getFirst().state().equals("RUNNING"));
        assertThat(count("select count(*) from \"area_credit\".\"" + table + "\"")).isEqualTo(10);
        assertThat(first.trigger()).isEqualTo("MANUAL");

        // the same target, fed by a query that fails half-way (division by zero at customer 500)
        ScheduleView broken = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("broken"),
                "select customer_id, cast(1 / (customer_id - 500) as varchar(20)) as segment from bank.customers order by customer_id",
                table, TargetMode.APPEND, "0 0 3 * * ?")));
        personas.run(DS_CREDIT, () -> scheduleRunner.runNow(broken.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !personas.call(DS_CREDIT, () -> scheduleQueries.runs(broken.id(), PageRequest.of(0, 5)))
                .getContent().getFirst().state().equals("RUNNING"));
        RunView failed = personas.call(DS_CREDIT, () -> scheduleQueries.runs(broken.id(), PageRequest.of(0, 5))).getContent().getFirst();
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo("The query divides by zero");
        assertThat(failed.log()).contains("the target was left as it was");
        assertThat(count("select count(*) from \"area_credit\".\"" + table + "\"")).as("nothing half-written").isEqualTo(10);

        RunView again = personas.call(DS_CREDIT, () -> scheduleRunner.rerun(failed.id()));
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.trigger()).isEqualTo("RERUN");
        assertThat(again.scheduledFor()).isEqualTo(failed.scheduledFor());
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> scheduleRunner.rerun(first.id())).isInstanceOf(InvalidRequestException.class));
    }

    @Test
    void aBackfillRunsOncePerFireTimeWithItsOwnRunDate() throws Exception {
        String table = unique("daily");
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("daily"),
                "select cast(${run_date} as date) as run_date, count(*) as customers from bank.customers "
                        + "where customer_since <= cast(${run_date} as date)", table, TargetMode.APPEND, "0 0 6 * * ?")));
        LocalDate from = LocalDate.of(2026, 1, 1);
        LocalDate to = LocalDate.of(2026, 1, 3);
        assertThat(personas.call(DS_CREDIT, () -> scheduleRunner.backfillPreview(schedule.id(), from, to))).containsExactly(
                Instant.parse("2026-01-01T06:00:00Z"), Instant.parse("2026-01-02T06:00:00Z"), Instant.parse("2026-01-03T06:00:00Z"));
        List<RunView> runs = personas.call(DS_CREDIT, () -> scheduleRunner.backfill(schedule.id(), from, to));
        assertThat(runs).extracting(RunView::runDate).containsExactly(from, from.plusDays(1), to);
        assertThat(runs).extracting(RunView::trigger).containsOnly("BACKFILL");
        await().atMost(Duration.ofSeconds(30)).until(() -> personas.call(DS_CREDIT, () -> scheduleQueries.runs(schedule.id(), PageRequest.of(0, 10)))
                .getContent().stream().filter(r -> r.state().equals("SUCCEEDED")).count() == 3);
        assertThat(count("select count(distinct \"run_date\") from \"area_credit\".\"" + table + "\"")).isEqualTo(3);
        assertThat(count("select \"customers\" from \"area_credit\".\"" + table + "\" where \"run_date\" = date '2026-01-01'"))
                .isEqualTo(count("select count(*) from bank.customers where customer_since <= date '2026-01-01'"));
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> scheduleRunner.backfillPreview(schedule.id(), to, from)).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> scheduleRunner.backfillPreview(schedule.id(), from, LocalDate.now().plusDays(1)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("covers the past");
        });
    }

    @Test
    void theApiCreatesRunsAndRefusesBadInputAsProblemJson() {
        String token = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest("schedules", null, LocalDate.now().plusDays(3), false))).secret();
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest("schedules", null, LocalDate.now().plusDays(3), false))).secret();
        String body = "{\"areaId\": \"" + credit + "\", \"name\": \"" + unique("api") + "\", \"sourceId\": \"" + demo
                + "\", \"sql\": \"select count(*) as n from bank.customers\", \"targetMode\": \"NONE\", \"cron\": \"0 0 5 * * ?\", "
                + "\"zone\": \"Europe/Lisbon\", \"timeoutSeconds\": 60}";
        Response created = api.post("/api/v1/schedules", token, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("nextFires").size()).isEqualTo(5);
        assertThat(api.post("/api/v1/schedules/" + id + "/run", token, "").status()).isEqualTo(202);
        assertThat(api.get("/api/v1/schedules/" + id + "/runs", token).json().get("content").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/schedules/" + id, fraudToken).status()).isEqualTo(404);
        Response bad = api.post("/api/v1/schedules", token, body.replace("select count(*) as n", "selec count(*) as n")
                .replaceAll("api_[0-9a-f]{8}", unique("api")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("Unexpected word selec at line 1, column 1");
        // the same words as on the screen, with where the fault is; none of the parser's internals
        assertThat(bad.json().get("errors").get("sql").asString()).isEqualTo("Unexpected word selec at line 1, column 1");
        assertThat(bad.json().get("position").get("line").asInt()).isEqualTo(1);
        assertThat(bad.json().get("position").get("column").asInt()).isEqualTo(1);
        assertThat(bad.body()).doesNotContain("jsqlparser", "ParseException");
    }

    @Test
    void badQueriesAndSchedulesAreRefusedWithTheReasonAndStoreNothing() {
        long before = jdbc.queryForObject("select count(*) from schedule", Long.class);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "selec 1", null, TargetMode.NONE, "0 0 3 * * ?")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unexpected word selec at line 1, column 1");
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "delete from bank.customers", null, TargetMode.NONE, "0 0 3 * * ?")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Only SELECT");
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "select 1 where ${run_date; drop table bank.customers} is null",
                    null, TargetMode.NONE, "0 0 3 * * ?"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("Unknown parameter");
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "select 1 as one; drop table bank.customers", null,
                    TargetMode.NONE, "0 0 3 * * ?"))).isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "select 1 as one", null, TargetMode.NONE, "0 0 25 * * ?")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Part 3 (hours)");
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "select 1 as one", null, TargetMode.REPLACE, "0 0 3 * * ?")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Name the table");
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("bad"), "select 1 as one", "t", TargetMode.UPSERT, "0 0 3 * * ?")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("key columns");
        });
        // a system of record is read, never written
        UUID sor = personas.call(ADMIN, () -> sources.create(new io.esteira.features.DataSourceDraft(unique("core banking"), "",
                warehouse.url(), "org.h2.Driver", "sa", null, io.esteira.features.Classification.SOR, null))).id();
        grants.toEveryArea(sor);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> scheduleDefinitions.create(new ScheduleDraft(credit, unique("sor"), "", sor,
                "select 1 as one", "copy", TargetMode.REPLACE, List.of(), "0 0 3 * * ?", "UTC", 60)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("system of record"));
        assertThat(jdbc.queryForObject("select count(*) from schedule", Long.class)).isEqualTo(before);
    }

    @Test
    void anotherAreaNeitherSeesNorChangesASchedule() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("private"), "select 1 as one", null,
                TargetMode.NONE, "0 0 3 * * ?")));
        personas.run(DS_FRAUD, () -> {
            assertThatThrownBy(() -> scheduleQueries.get(schedule.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> scheduleRunner.runNow(schedule.id())).isInstanceOf(NotFoundException.class);
            assertThat(scheduleQueries.list(PageRequest.of(0, 100)).getContent()).extracting(ScheduleView::id).doesNotContain(schedule.id());
            assertThatThrownBy(() -> scheduleDefinitions.create(draft(unique("intruder"), "select 1 as one", null, TargetMode.NONE, "0 0 3 * * ?")))
                    .isInstanceOf(NotFoundException.class);
        });
        personas.run(MANAGER_CREDIT, () -> {
            assertThat(scheduleQueries.get(schedule.id()).name()).isEqualTo(schedule.name());
            assertThatThrownBy(() -> scheduleDefinitions.pause(schedule.id())).isInstanceOf(ForbiddenException.class);
        });
    }
}
