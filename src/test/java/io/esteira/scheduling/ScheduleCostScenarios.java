package io.esteira.scheduling;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.Budget;
import io.esteira.costs.BudgetChange;
import io.esteira.costs.BudgetPolicy;
import io.esteira.costs.Budgets;
import io.esteira.costs.CostLedger;
import io.esteira.costs.CostLineView;
import io.esteira.costs.CostQuote;
import io.esteira.costs.UsageLedger;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.scheduling.domain.Schedule.TargetMode;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.Schedules;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What a schedule costs before it runs: quoted by the function that bills its runs (equal to what the ledger bills for a
 * run of that length, metered as the scheduler meters it), checked against the area's budget when it is created or
 * resumed (refused or warned by the area's policy, audited), asked through the API by its area and by nobody else.
 */
abstract class ScheduleCostScenarios {

    @Autowired
    ScheduleDefinitions scheduleDefinitions;
    @Autowired
    SchedulePreviews schedulePreviews;
    @Autowired
    ScheduleQueries scheduleQueries;
    @Autowired
    Schedules schedules;
    @Autowired
    DataSourceService sources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    AreaService areas;
    @Autowired
    Budgets budgets;
    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    PlatformTransactionManager transactions;

    UUID credit;
    UUID demo;

    @BeforeEach
    void prepare() {
        await().atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        credit = personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst()
                .orElseThrow();
        demo = personas.call(ADMIN, () -> sources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
    }

    /** Every scenario leaves Credit's budgets as they were: the area's default, WARN. */
    @AfterEach
    void restore() {
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(null, null, BudgetPolicy.WARN, null)));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ScheduleDraft draft(String name, String cron, int timeoutSeconds) {
        return new ScheduleDraft(credit, name, "", demo, "select 1 as one", null, TargetMode.NONE, List.of(), cron, "UTC", timeoutSeconds);
    }

    /** A finished run of the schedule that took {@code millis}, in the run log as the scheduler leaves it. */
    void finishedRun(UUID scheduleId, Instant startedAt, long millis) {
        jdbc.update("insert into schedule_run (id, schedule_id, area_id, scheduled_for, attempt, run_trigger, run_date, state, node, "
                + "started_at, finished_at, rows_read, rows_written) values (?, ?, ?, ?, 1, 'SCHEDULE', ?, 'SUCCEEDED', 'test', ?, ?, 1, 0)",
                UUID.randomUUID(), scheduleId, credit, Timestamp.from(startedAt), java.sql.Date.valueOf(LocalDate.ofInstant(startedAt,
                        ZoneOffset.UTC)), Timestamp.from(startedAt), Timestamp.from(startedAt.plusMillis(millis)));
    }

    /** A run of the schedule metered as the scheduler meters it (its query slot from start to end), rated, and what the ledger bills it. */
    BigDecimal billedRun(UUID scheduleId, Instant startedAt, Duration took) {
        UUID run = UUID.randomUUID();
        Schedule schedule = schedules.findById(scheduleId).orElseThrow();
        new TransactionTemplate(transactions).executeWithoutResult(s -> {
            usage.open(ScheduleMetering.started(schedule, run, startedAt));
            usage.close(ScheduleMetering.source(schedule), run, startedAt.plus(took), "succeeded");
        });
        Instant from = startedAt.truncatedTo(ChronoUnit.HOURS);
        Instant to = startedAt.plus(took).truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        personas.call(ADMIN, () -> ledger.rate(from, to));
        List<CostLineView> lines = personas.call(ADMIN, () -> ledger.lines(credit, from, to, PageRequest.of(0, 500))).getContent().stream()
                .filter(l -> l.resourceId().equals(run)).toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.kind()).isEqualTo(io.esteira.costs.ResourceKind.SCHEDULE_RUN));
        return lines.stream().map(CostLineView::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("schedule-cost-" + who.replace('.', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }

    static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_EVEN);
    }

    @Test
    void a_schedules_quote_equals_what_the_ledger_bills_for_a_run_of_its_expected_length() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("quoted"), "0 0 6 * * ?", 1800)));
        try {
            // no runs yet: each run is priced at its time limit
            ScheduleQuote first = personas.call(DS_CREDIT, () -> schedulePreviews.quote(schedule.id()));
            assertThat(first.basis()).isEqualTo(ScheduleQuote.Basis.TIME_LIMIT);
            assertThat(first.expectedRunSeconds()).isEqualTo(1800.0);
            assertThat(first.basisInWords()).startsWith("30 min, its time limit");
            // a month no scenario closes (a closed month is never rated again)
            YearMonth m = YearMonth.now(ZoneOffset.UTC).minusMonths(28);
            Instant t = m.atDay(3).atTime(10, 5).toInstant(ZoneOffset.UTC);
            assertThat(first.cost().perRun()).isEqualByComparingTo(billedRun(schedule.id(), t, Duration.ofMinutes(30)));

            // two runs: the quote takes their average, to the millisecond
            finishedRun(schedule.id(), t.minus(Duration.ofDays(2)), 1_000_300);
            finishedRun(schedule.id(), t.minus(Duration.ofDays(1)), 1_499_900);
            ScheduleQuote q = personas.call(DS_CREDIT, () -> schedulePreviews.quote(schedule.id()));
            assertThat(q.basis()).isEqualTo(ScheduleQuote.Basis.RECENT_RUNS);
            assertThat(q.runsAveraged()).isEqualTo(2);
            assertThat(q.expectedRunSeconds()).isEqualTo(1250.1);
            assertThat(q.basisInWords()).isEqualTo("20 min 50 s, the average of its last 2 runs");
            Duration expected = Duration.ofMillis(1_250_100);

            // a run of exactly that length within one hour is billed exactly the quoted price per run
            BigDecimal billed = billedRun(schedule.id(), t.plus(Duration.ofHours(2)), expected);
            assertThat(q.cost().perRun()).isEqualByComparingTo(billed);
            // one across an hour boundary is billed in two lines, each rounded: the same to the cent
            BigDecimal split = billedRun(schedule.id(), m.atDay(3).atTime(14, 50).toInstant(ZoneOffset.UTC), expected);
            assertThat(cents(split)).isEqualByComparingTo(cents(q.cost().perRun()));
            assertThat(split.subtract(q.cost().perRun()).abs()).isLessThan(new BigDecimal("0.0000001"));

            // the month: the runs Quartz fires in the next 730 hours, each at that price; the budget left after its runs left this month
            CostQuote cost = q.cost();
            int fires = new ScheduleTiming("0 0 6 * * ?", "UTC").firesBetween(Instant.now(), Instant.now().plus(Duration.ofHours(730)),
                    BusinessCalendar.NONE);
            assertThat(cost.runsPerMonth()).isBetween(fires - 1, fires + 1).isBetween(30, 31);
            assertThat(cost.monthly()).isEqualByComparingTo(cost.perRun().multiply(BigDecimal.valueOf(cost.runsPerMonth())));
            assertThat(cost.remaining()).isEqualByComparingTo(cost.budget().subtract(cost.forecast()).subtract(cost.thisMonth()));
            assertThat(cost.thisMonth().remainder(cost.perRun())).isZero();
            assertThat(cost.hoursPerRun()).isEqualByComparingTo("0.34725");
        } finally {
            personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
        }
    }

    @Test
    void a_schedule_that_would_take_the_area_over_its_budget_is_refused_or_warned_by_its_policy_and_audited() {
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(new Budget(null, null, new BigDecimal("0.01"), "EUR", null, null,
                false), null, BudgetPolicy.REFUSE, null)));
        // every minute: it has runs left this month whatever the day
        String refused = unique("over-budget");
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(refused, "0 * * * * ?", 600))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getMessage()).startsWith("The schedule " + refused + " would take the Credit Risk area over its ")
                            .contains(" budget by €").endsWith("; ask a manager to raise the budget");
                    assertThat(e.fieldErrors()).containsKey("budget");
                });
        assertThat(jdbc.queryForObject("select count(*) from schedule where name = ?", Long.class, refused)).isZero();
        var denied = audit.awaitEntry(AuditTrail.actionOn("budget.request-refused", refused));
        assertThat(denied.outcome()).isEqualTo("DENIED");
        assertThat(denied.actor()).contains("ds.credit");

        // the API says the same as problem+json, and stores nothing either
        String member = token(DS_CREDIT);
        String viaApi = unique("over-budget-api");
        Api.Response answer = api.post("/api/v1/schedules", member, "{\"areaId\":\"" + credit + "\",\"name\":\"" + viaApi + "\",\"sourceId\":\""
                + demo + "\",\"sql\":\"select 1 as one\",\"targetMode\":\"NONE\",\"cron\":\"0 * * * * ?\",\"zone\":\"UTC\",\"timeoutSeconds\":600}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").get("budget").asString()).startsWith("The schedule " + viaApi + " would take the Credit Risk area");
        assertThat(jdbc.queryForObject("select count(*) from schedule where name = ?", Long.class, viaApi)).isZero();

        // WARN lets it through, the warning audited; paused, then resumed under REFUSE, it is refused and stays paused
        personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(new Budget(null, null, new BigDecimal("0.01"), "EUR", null, null,
                false), null, BudgetPolicy.WARN, null)));
        String warned = unique("warned");
        ScheduleView created = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(warned, "0 * * * * ?", 600)));
        try {
            assertThat(audit.awaitEntry(AuditTrail.actionOn("budget.request-warned", warned)).outcome()).isEqualTo("SUCCESS");
            assertThat(audit.awaitEntry(AuditTrail.actionOn("schedule.created", created.id().toString())).details()).contains("over its");
            personas.run(DS_CREDIT, () -> scheduleDefinitions.pause(created.id()));
            ScheduleQuote quote = personas.call(DS_CREDIT, () -> schedulePreviews.quote(created.id()));
            assertThat(quote.cost().overBudget()).isTrue();
            assertThat(quote.cost().policy()).isEqualTo(BudgetPolicy.WARN);
            personas.call(ADMIN, () -> budgets.put(credit, new BudgetChange(new Budget(null, null, new BigDecimal("0.01"), "EUR", null, null,
                    false), null, BudgetPolicy.REFUSE, null)));
            assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> scheduleDefinitions.resume(created.id())))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
                            .startsWith("Resuming " + warned + " would take the Credit Risk area over its "));
            assertThat(personas.call(DS_CREDIT, () -> scheduleQueries.get(created.id())).state()).isEqualTo("PAUSED");
            assertThat(audit.awaitEntry(AuditTrail.actionOn("budget.request-refused", warned)).outcome()).isEqualTo("DENIED");
            assertThat(personas.call(DS_CREDIT, () -> schedulePreviews.quote(created.id())).cost().policy()).isEqualTo(BudgetPolicy.REFUSE);
        } finally {
            personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(created.id()));
        }
    }

    @Test
    void the_quote_api_answers_the_areas_members_and_tells_another_area_it_is_not_found() {
        ScheduleView schedule = personas.call(DS_CREDIT, () -> scheduleDefinitions.create(draft(unique("api-quoted"), "0 0 6 * * ?", 1800)));
        try {
            String member = token(DS_CREDIT);
            String other = token(DS_FRAUD);
            String draft = "{\"areaId\":\"" + credit + "\",\"cron\":\"0 0 6 * * ?\",\"zone\":\"UTC\",\"timeoutSeconds\":1800}";
            Api.Response asked = api.post("/api/v1/schedules/quote", member, draft);
            assertThat(asked.status()).as(asked.body()).isEqualTo(200);
            JsonNode quote = asked.json();
            assertThat(quote.get("basis").asString()).isEqualTo("TIME_LIMIT");
            assertThat(quote.get("cost").get("runsPerMonth").asInt()).isBetween(30, 31);
            // the costs API's SCHEDULE quote counts the runs and prices them the same way
            JsonNode generic = api.post("/api/v1/costs/quotes", member, "{\"areaId\":\"" + credit + "\",\"kind\":\"SCHEDULE\",\"cron\":"
                    + "\"0 0 6 * * ?\",\"zone\":\"UTC\",\"hoursPerRun\":0.5}").json();
            assertThat(generic.get("runsPerMonth").asInt()).isEqualTo(quote.get("cost").get("runsPerMonth").asInt());
            assertThat(generic.get("perRun").decimalValue()).isEqualByComparingTo(quote.get("cost").get("perRun").decimalValue());
            assertThat(generic.get("monthly").decimalValue()).isEqualByComparingTo(quote.get("cost").get("monthly").decimalValue());

            Api.Response saved = api.get("/api/v1/schedules/" + schedule.id() + "/quote", member);
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("cost").get("perRun").decimalValue()).isEqualByComparingTo(quote.get("cost").get("perRun").decimalValue());

            // another area's data scientist learns nothing of it, through the API or the service
            assertThat(api.get("/api/v1/schedules/" + schedule.id() + "/quote", other).status()).isEqualTo(404);
            Api.Response foreign = api.post("/api/v1/schedules/quote", other, draft);
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.body()).doesNotContain("runsPerMonth");
            assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> schedulePreviews.quote(schedule.id()))).isInstanceOf(NotFoundException.class);

            // bad input: a clear message on the field
            Api.Response bad = api.post("/api/v1/schedules/quote", member, "{\"areaId\":\"" + credit + "\",\"cron\":\"every day\","
                    + "\"zone\":\"UTC\",\"timeoutSeconds\":60}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.json().get("errors").get("cron").asString()).contains("A cron has six or seven parts");
            assertThat(api.post("/api/v1/schedules/quote", member, "{\"areaId\":\"" + credit + "\",\"cron\":\"0 0 6 * * ?\","
                    + "\"zone\":\"UTC\",\"timeoutSeconds\":0}").json().get("errors").has("timeoutSeconds")).isTrue();
        } finally {
            personas.run(DS_CREDIT, () -> scheduleDefinitions.delete(schedule.id()));
        }
    }
}
