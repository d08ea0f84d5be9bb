package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.PredictionRecords;
import io.esteira.features.ColumnInfo;
import io.esteira.features.DataSourceService;
import io.esteira.features.DemoWarehouse;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.SourceQuery;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelRegistry;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.LiveDeployments;
import io.esteira.support.Personas;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The hourly ledger end to end on a database: usage intervals with past timestamps (as late events)
 * and real prediction-log rows, rated by the service the job calls, read through the service and the
 * API by managers, members and outsiders; prices scheduled by administrators only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CostLedgerScenarios {

    @Autowired
    UsageLedger usage;
    @Autowired
    CostLedger ledger;
    @Autowired
    RateCard rateCard;
    @Autowired
    CostEstimates estimates;
    @Autowired
    AreaService areas;
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
    @Autowired
    LiveDeployments live;
    @Autowired
    DeploymentService deployments;
    @Autowired
    PredictionRecords predictionRecords;
    @Autowired
    Clock clock;
    @Autowired
    AuditTrail audit;
    @Autowired
    StorageMetering storage;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    DataSourceService dataSources;
    @Autowired
    DemoWarehouse warehouse;
    @Autowired
    ModelRegistry registry;

    UUID credit;
    UUID fraud;
    UUID marketing;
    UUID dsCredit;
    UUID managerCredit;

    @BeforeAll
    void areasAndPeople() {
        Map<String, UUID> byCode = personas.call(ADMIN, areas::myAreas).stream().collect(Collectors.toMap(AreaSummary::code, AreaSummary::id));
        credit = byCode.get("CREDIT");
        fraud = byCode.get("FRAUD");
        marketing = byCode.get("MARKETING");
        dsCredit = personas.user(DS_CREDIT).userId();
        managerCredit = personas.user(MANAGER_CREDIT).userId();
    }

    /** 10:00 UTC on the 2nd of a month some months back (within the rating job's reach). */
    Instant base(int monthsBack) {
        return YearMonth.now(ZoneOffset.UTC).minusMonths(monthsBack).atDay(2).atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(s -> work.run());
    }

    UsageStart start(UUID area, String sourceType, UUID id, String name, UUID owner, Instant at, Map<String, BigDecimal> held) {
        return new UsageStart(area, sourceType, id, name, owner, owner == null ? null : "owner", name, new ResourceShape(0, 0, null, 0, 0), at,
                held);
    }

    List<CostLineView> lines(String who, UUID area, Instant from, Instant to) {
        return personas.call(who, () -> ledger.lines(area, from, to, PageRequest.of(0, 1000))).getContent();
    }

    /** Lines without their rating time: what rating again must give the same. */
    static List<String> numbers(List<CostLineView> lines) {
        return lines.stream().map(l -> String.join("|", l.hourStart().toString(), l.kind().name(), l.resourceId().toString(), l.sku(),
                String.valueOf(l.rateId()), l.quantity().toPlainString(), l.unitPrice().toPlainString(), l.amount().toPlainString(),
                l.currency(), String.valueOf(l.personId()))).toList();
    }

    static BigDecimal sum(List<CostLineView> lines) {
        return lines.stream().map(CostLineView::amount).reduce(BigDecimal.ZERO.setScale(Rating.SCALE), BigDecimal::add);
    }

    @Test
    void a_90_second_run_costs_exactly_90_seconds_and_an_interval_across_hours_is_split_exactly_and_rating_twice_changes_nothing() {
        Instant t = base(2);
        UUID run = UUID.randomUUID();
        UUID workspace = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(credit, "schedule-run", run, "nightly refresh", managerCredit, t.plusSeconds(600), Held.querySlot()));
            usage.close("schedule-run", run, t.plusSeconds(690), "succeeded");
            usage.open(start(credit, "workspace", workspace, "ana-notebook", dsCredit, t.plus(Duration.ofMinutes(30)),
                    Held.compute(new ResourceShape(2, 8, null, 0, 20))));
            usage.close("workspace", workspace, t.plus(Duration.ofMinutes(135)), "stopped");
        });
        RatingResult rated = personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(3))));
        assertThat(rated.unpriced()).isEmpty();

        List<CostLineView> lines = lines(MANAGER_CREDIT, credit, t, t.plus(Duration.ofHours(3)));
        CostLineView slot = lines.stream().filter(l -> l.resourceId().equals(run)).findFirst().orElseThrow();
        assertThat(slot.kind()).isEqualTo(ResourceKind.SCHEDULE_RUN);
        assertThat(slot.quantity()).isEqualTo(new BigDecimal("0.0250000000"));
        assertThat(slot.unitPrice()).isEqualTo(new BigDecimal("0.1200000000"));
        assertThat(slot.amount()).isEqualTo(new BigDecimal("0.0030000000"));
        assertThat(slot.personId()).isEqualTo(managerCredit);
        assertThat(slot.rateId()).isEqualTo(UUID.fromString("00000000-0000-0000-0011-000000000001"));

        Map<Instant, BigDecimal> vcpu = lines.stream().filter(l -> l.resourceId().equals(workspace) && l.sku().equals(Sku.VCPU_HOUR))
                .collect(Collectors.toMap(CostLineView::hourStart, CostLineView::quantity));
        assertThat(vcpu).containsExactlyInAnyOrderEntriesOf(Map.of(t, new BigDecimal("1.0000000000"), t.plus(Duration.ofHours(1)),
                new BigDecimal("2.0000000000"), t.plus(Duration.ofHours(2)), new BigDecimal("0.5000000000")));
        // 1.75 h × (2 × 0.04 + 8 × 0.005)
        assertThat(sum(lines.stream().filter(l -> l.resourceId().equals(workspace)).toList())).isEqualByComparingTo("0.21");

        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(3))));
        personas.call(ADMIN, () -> ledger.rate(t.minus(Duration.ofHours(5)), t.plus(Duration.ofHours(8))));
        assertThat(numbers(lines(MANAGER_CREDIT, credit, t, t.plus(Duration.ofHours(3))))).isEqualTo(numbers(lines));

        // the totals per day and per month are the exact sums of the hourly lines
        List<CostTotal> daily = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, t, t.plus(Duration.ofHours(3)),
                CostTotal.Granularity.DAY, null));
        List<CostTotal> monthly = personas.call(MANAGER_CREDIT, () -> ledger.totals(credit, t, t.plus(Duration.ofHours(3)),
                CostTotal.Granularity.MONTH, CostTotal.By.KIND));
        assertThat(daily).singleElement().satisfies(d -> {
            assertThat(d.amount()).isEqualTo(sum(lines));
            assertThat(d.period()).isEqualTo(t.atZone(ZoneOffset.UTC).toLocalDate());
            assertThat(d.lines()).isEqualTo(lines.size());
        });
        assertThat(monthly.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(sum(lines));
        assertThat(monthly).extracting(CostTotal::key).containsExactlyInAnyOrder("WORKSPACE", "SCHEDULE_RUN");
    }

    @Test
    void hourly_lines_daily_rollups_and_monthly_totals_agree_exactly_and_rating_or_reading_again_changes_nothing() {
        YearMonth m = YearMonth.now(ZoneOffset.UTC).minusMonths(7);
        Instant from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long seconds = Duration.between(from, to).toSeconds();
        java.util.Random random = new java.util.Random(7);
        List<UUID> people = java.util.Arrays.asList(dsCredit, managerCredit, null);
        inTransaction(() -> {
            for (int i = 0; i < 60; i++) {
                UUID area = random.nextBoolean() ? credit : marketing;
                Instant start = from.plusSeconds(random.nextLong(seconds));
                // from a few seconds to three days, some across the month's end
                Instant end = start.plusSeconds(1 + random.nextLong(random.nextBoolean() ? 3_600 : 3 * 86_400));
                String type = List.of("workspace", "workspace-disk", "schedule-run", "batch-run").get(random.nextInt(4));
                Map<String, BigDecimal> held = switch (type) {
                    case "workspace" -> Held.compute(new ResourceShape(1 + random.nextInt(8), 4 + random.nextInt(60), null, 0, 0));
                    case "workspace-disk" -> Held.disk(10 + random.nextInt(200));
                    default -> Held.querySlot();
                };
                UUID id = UUID.randomUUID();
                usage.open(start(area, type, id, type + " " + i, people.get(random.nextInt(3)), start, held));
                usage.close(type, id, end, "done");
            }
        });
        personas.call(ADMIN, () -> ledger.rate(from.minus(Duration.ofDays(1)), to.plus(Duration.ofDays(4))));

        for (UUID area : List.of(credit, marketing)) {
            Map<LocalDate, BigDecimal> hourly = new java.util.TreeMap<>();
            Map<LocalDate, Long> hourlyLines = new java.util.TreeMap<>();
            jdbc.query("select day_start, sum(amount), count(*) from cost_line where area_id = ? and month_start = ? group by day_start",
                    rs -> {
                        hourly.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2).setScale(Rating.SCALE));
                        hourlyLines.put(rs.getObject(1, LocalDate.class), rs.getLong(3));
                    }, area, m.atDay(1));
            assertThat(hourly).as("the month has usage").hasSizeGreaterThan(10);

            List<CostTotal> daily = personas.call(ADMIN, () -> ledger.totals(area, from, to, CostTotal.Granularity.DAY, null));
            assertThat(daily.stream().collect(Collectors.toMap(CostTotal::period, CostTotal::amount))).isEqualTo(hourly);
            assertThat(daily.stream().collect(Collectors.toMap(CostTotal::period, CostTotal::lines))).isEqualTo(hourlyLines);
            BigDecimal month = hourly.values().stream().reduce(BigDecimal.ZERO.setScale(Rating.SCALE), BigDecimal::add);
            for (CostTotal.By by : CostTotal.By.values()) {
                List<CostTotal> split = personas.call(ADMIN, () -> ledger.totals(area, from, to, CostTotal.Granularity.MONTH, by));
                assertThat(split.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).as("by " + by).isEqualTo(month);
            }
            List<CostTotal> monthly = personas.call(ADMIN, () -> ledger.totals(area, from, to, CostTotal.Granularity.MONTH, null));
            assertThat(monthly).singleElement().satisfies(t -> assertThat(t.amount()).isEqualTo(month));
            // the same range through the hourly lines (an hour short of whole days) gives the month less its last hour
            List<CostTotal> viaLines = personas.call(ADMIN, () -> ledger.totals(area, from, to.minus(Duration.ofHours(1)),
                    CostTotal.Granularity.MONTH, null));
            BigDecimal lastHour = jdbc.queryForObject("select coalesce(sum(amount), 0) from cost_line where area_id = ? and hour_start = ?",
                    BigDecimal.class, area, Timestamp.from(to.minus(Duration.ofHours(1))));
            assertThat(viaLines.getFirst().amount()).isEqualByComparingTo(month.subtract(lastHour));
        }

        // rating the month again, and reading it twice, gives the same totals; a late interval moves the day's rollup with its lines
        List<CostTotal> before = personas.call(ADMIN, () -> ledger.totals(credit, from, to, CostTotal.Granularity.DAY, CostTotal.By.RESOURCE));
        List<String> linesBefore = jdbc.queryForList("select cast(id as varchar(36)) || cast(rated_at as varchar(40)) from cost_line "
                + "where month_start = ? order by id", String.class, m.atDay(1));
        personas.call(ADMIN, () -> ledger.rate(from, to));
        assertThat(jdbc.queryForList("select cast(id as varchar(36)) || cast(rated_at as varchar(40)) from cost_line where month_start = ? "
                + "order by id", String.class, m.atDay(1))).as("rating an unchanged month again writes no line").isEqualTo(linesBefore);
        assertThat(personas.call(ADMIN, () -> ledger.totals(credit, from, to, CostTotal.Granularity.DAY, CostTotal.By.RESOURCE)))
                .isEqualTo(before).isEqualTo(personas.call(ADMIN, () -> ledger.totals(credit, from, to, CostTotal.Granularity.DAY,
                        CostTotal.By.RESOURCE)));
        Instant lateStart = from.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(20));
        UUID late = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(credit, "batch-run", late, "late run", dsCredit, lateStart, Held.querySlot()));
            usage.close("batch-run", late, lateStart.plus(Duration.ofMinutes(45)), "succeeded");
        });
        personas.call(ADMIN, ledger::rateDue);
        List<String> linesAfter = jdbc.queryForList("select cast(id as varchar(36)) || cast(rated_at as varchar(40)) from cost_line "
                + "where month_start = ? and resource_id <> ? order by id", String.class, m.atDay(1), late);
        assertThat(linesAfter).as("only the late run's lines were written").isEqualTo(linesBefore);
        LocalDate lateDay = lateStart.atZone(ZoneOffset.UTC).toLocalDate();
        BigDecimal dayLines = jdbc.queryForObject("select sum(amount) from cost_line where area_id = ? and day_start = ?", BigDecimal.class,
                credit, lateDay);
        assertThat(personas.call(ADMIN, () -> ledger.totals(credit, from, to, CostTotal.Granularity.DAY, null)))
                .filteredOn(t -> t.period().equals(lateDay)).singleElement()
                .satisfies(t -> assertThat(t.amount()).isEqualByComparingTo(dayLines));
        assertThat(personas.call(ADMIN, () -> ledger.totals(credit, from, to, CostTotal.Granularity.DAY, CostTotal.By.RESOURCE)))
                .extracting(CostTotal::key).contains("BATCH_RUN/" + late);
    }

    @Test
    void a_late_close_is_rated_into_the_hours_it_belongs_to() {
        Instant t = base(3);
        UUID run = UUID.randomUUID();
        inTransaction(() -> usage.open(start(credit, "batch-run", run, "scoring", dsCredit, t.plus(Duration.ofMinutes(10)), Held.querySlot())));
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(3))));
        assertThat(lines(ADMIN, credit, t, t.plus(Duration.ofHours(3)))).extracting(CostLineView::quantity)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.8333333333"), BigDecimal.ONE, BigDecimal.ONE);

        inTransaction(() -> usage.close("batch-run", run, t.plus(Duration.ofMinutes(80)), "succeeded"));
        assertThat(jdbc.queryForObject("select count(*) from cost_due where from_hour = ?", Long.class,
                Timestamp.from(t.plus(Duration.ofHours(1))))).as("the hour of the late close is due").isPositive();
        personas.call(ADMIN, ledger::rateDue);

        List<CostLineView> after = lines(ADMIN, credit, t, t.plus(Duration.ofHours(3)));
        assertThat(after).extracting(CostLineView::quantity).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.8333333333"), new BigDecimal("0.3333333333"));
        assertThat(after).allSatisfy(l -> assertThat(l.kind()).isEqualTo(ResourceKind.BATCH_RUN));
    }

    @Test
    void an_area_price_replaces_the_default_and_a_closed_month_is_never_rated_again() {
        Instant t = base(4);
        UUID priceId = UUID.randomUUID();
        // an area price that an administrator scheduled long ago (a test cannot schedule into the past)
        jdbc.update("insert into rate_price (id, sku, area_id, area_key, currency, unit, unit_price, effective_from, created_by, created_at) "
                + "values (?, 'STORAGE_GIB_MONTH', ?, ?, 'EUR', 'GiB-month', 0.0100000000, ?, 'test', ?)", priceId, credit, credit.toString(),
                Timestamp.from(t.minus(Duration.ofDays(1))), Timestamp.from(t.minus(Duration.ofDays(1))));
        UUID ours = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        Map<String, BigDecimal> oneGibMonthPerHour = Held.of(Sku.STORAGE_GIB_MONTH, new BigDecimal("730"));
        inTransaction(() -> {
            usage.open(start(credit, "workspace-disk", ours, "credit-data", dsCredit, t, oneGibMonthPerHour));
            usage.close("workspace-disk", ours, t.plus(Duration.ofHours(1)), "deleted");
            usage.open(start(fraud, "workspace-disk", theirs, "fraud-data", null, t, oneGibMonthPerHour));
            usage.close("workspace-disk", theirs, t.plus(Duration.ofHours(1)), "deleted");
        });
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(1))));
        CostLineView own = lines(ADMIN, credit, t, t.plus(Duration.ofHours(1))).getFirst();
        CostLineView standard = lines(ADMIN, fraud, t, t.plus(Duration.ofHours(1))).getFirst();
        assertThat(own.quantity()).isEqualByComparingTo("1");
        assertThat(own.rateId()).isEqualTo(priceId);
        assertThat(own.amount()).isEqualByComparingTo("0.01");
        assertThat(standard.rateId()).isEqualTo(UUID.fromString("00000000-0000-0000-0011-000000000004"));
        assertThat(standard.amount()).isEqualByComparingTo("0.023");

        // the month closes; a price change and a new rating of its hours leave its lines as they were
        LocalDate month = t.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        jdbc.update("insert into cost_month (month_start, closed_at, closed_by) values (?, ?, 'test')", month, Timestamp.from(clock.instant()));
        jdbc.update("update rate_price set unit_price = 0.5 where id = ?", priceId);
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(1))));
        assertThat(numbers(lines(ADMIN, credit, t, t.plus(Duration.ofHours(1))))).isEqualTo(numbers(List.of(own)));
    }

    @Test
    void a_new_price_applies_from_the_next_hour_the_estimate_uses_it_and_past_hours_keep_their_lines() {
        Instant t = base(5);
        UUID run = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(marketing, "schedule-run", run, "weekly", null, t, Held.querySlot()));
            usage.close("schedule-run", run, t.plusSeconds(5400), "succeeded");
        });
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(2))));
        List<CostLineView> before = lines(ADMIN, marketing, t, t.plus(Duration.ofHours(2)));
        assertThat(before).hasSize(2);

        Instant nextHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Price scheduled = personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.QUERY_SLOT_HOUR, marketing, "EUR",
                new BigDecimal("0.3333333333"), nextHour)));
        assertThat(scheduled.unit()).isEqualTo("slot-hour");
        assertThat(scheduled.createdBy()).isEqualTo(ADMIN);
        assertThat(audit.awaitEntry(AuditTrail.actionOn("rate.scheduled", scheduled.rateId().toString()))).isNotNull();

        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(2))));
        assertThat(numbers(lines(ADMIN, marketing, t, t.plus(Duration.ofHours(2))))).isEqualTo(numbers(before));

        // the estimate: today's default now, the area's own price from the next hour, the default elsewhere
        CostEstimate now = personas.call(ADMIN, () -> estimates.hourly(marketing, Held.querySlot()));
        CostEstimate later = personas.call(ADMIN, () -> estimates.hourly(marketing, Held.querySlot(), nextHour));
        CostEstimate elsewhere = personas.call(ADMIN, () -> estimates.hourly(fraud, Held.querySlot(), nextHour));
        assertThat(now.hourly()).isEqualByComparingTo("0.12");
        assertThat(later.hourly()).isEqualByComparingTo("0.3333333333");
        assertThat(later.monthly()).isEqualByComparingTo("243.333333309");
        assertThat(later.lines().getFirst().price().rateId()).isEqualTo(scheduled.rateId());
        assertThat(elsewhere.hourly()).isEqualByComparingTo("0.12");
        assertThat(personas.call(ADMIN, () -> rateCard.ratesFor(credit, java.util.Currency.getInstance("EUR"))).vcpuHour())
                .isEqualByComparingTo("0.04");

        // the estimate of a workspace size equals what the ledger bills for an hour of it
        ResourceShape shape = new ResourceShape(4, 16, "nvidia-t4", 1, 50);
        CostEstimate workspace = personas.call(DS_CREDIT, () -> estimates.hourly(credit, Held.computeAndDisk(shape), t));
        UUID ws = UUID.randomUUID();
        UUID disk = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(credit, "workspace", ws, "sized", dsCredit, t.plus(Duration.ofHours(4)), Held.compute(shape)));
            usage.close("workspace", ws, t.plus(Duration.ofHours(5)), "stopped");
            usage.open(start(credit, "workspace-disk", disk, "sized", dsCredit, t.plus(Duration.ofHours(4)), Held.disk(50)));
            usage.close("workspace-disk", disk, t.plus(Duration.ofHours(5)), "deleted");
        });
        personas.call(ADMIN, () -> ledger.rate(t.plus(Duration.ofHours(4)), t.plus(Duration.ofHours(5))));
        assertThat(sum(lines(ADMIN, credit, t.plus(Duration.ofHours(4)), t.plus(Duration.ofHours(5))))).isEqualTo(workspace.hourly());
        assertThatThrownBy(() -> personas.call(DS_FRAUD, () -> estimates.hourly(credit, Held.querySlot())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void bad_prices_are_refused_with_clear_messages_and_nothing_is_stored() {
        Instant nextHour = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant later = nextHour.plus(Duration.ofDays(3));
        personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.REPLICA_HOUR, marketing, "EUR", new BigDecimal("0.09"), later)));
        long before = jdbc.queryForObject("select count(*) from rate_price", Long.class);
        Map<String, RateDraft> bad = Map.of(
                "unitPrice", new RateDraft(Sku.VCPU_HOUR, null, "EUR", new BigDecimal("-0.01"), later),
                "effectiveFrom", new RateDraft(Sku.VCPU_HOUR, null, "EUR", new BigDecimal("0.05"), nextHour.minus(Duration.ofHours(1))),
                "currency", new RateDraft(Sku.VCPU_HOUR, null, "XYZ", new BigDecimal("0.05"), later),
                "sku", new RateDraft("CPU_HOUR", null, "EUR", new BigDecimal("0.05"), later));
        bad.forEach((field, draft) -> assertThatThrownBy(() -> personas.call(ADMIN, () -> rateCard.schedule(draft)))
                .as(field).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.fieldErrors()).containsKey(field)));
        assertThatThrownBy(() -> personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.VCPU_HOUR, null, "EUR",
                new BigDecimal("0.05"), later.plusSeconds(90))))).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.fieldErrors().get("effectiveFrom")).contains("whole hour"));
        assertThatThrownBy(() -> personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.REPLICA_HOUR, marketing, "EUR",
                new BigDecimal("0.10"), later)))).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.fieldErrors().get("effectiveFrom")).contains("already"));
        assertThatThrownBy(() -> personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.REPLICA_HOUR, marketing, "USD",
                new BigDecimal("0.10"), later)))).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.fieldErrors().get("currency")).contains("budgets in EUR"));
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> rateCard.schedule(new RateDraft(Sku.VCPU_HOUR, null, "EUR",
                new BigDecimal("0.05"), later)))).isInstanceOf(AccessDeniedException.class);

        String admin = token(ADMIN);
        Api.Response refused = api.post("/api/v1/costs/rates", admin, "{\"sku\":\"VCPU_HOUR\",\"currency\":\"EUR\",\"unitPrice\":-1,"
                + "\"effectiveFrom\":\"" + later + "\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(refused.json().get("errors").get("unitPrice").asString()).contains("negative");
        assertThat(api.post("/api/v1/costs/rates", token(MANAGER_CREDIT), "{\"sku\":\"VCPU_HOUR\",\"currency\":\"EUR\",\"unitPrice\":1,"
                + "\"effectiveFrom\":\"" + later + "\"}").status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from rate_price", Long.class)).isEqualTo(before);

        Api.Response created = api.post("/api/v1/costs/rates", admin, "{\"sku\":\"PREDICTIONS_1000\",\"areaId\":\"" + marketing
                + "\",\"currency\":\"EUR\",\"unitPrice\":0.0123456789,\"effectiveFrom\":\"" + later + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode listed = api.get("/api/v1/costs/rates?area=" + marketing, admin).json();
        assertThat(listed.size()).isEqualTo(2);
    }

    @Test
    void managers_read_the_defaults_and_their_own_areas_prices_and_administrators_the_whole_rate_card() {
        Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(6));
        Price creditOwn = personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.STORAGE_GIB_MONTH, credit, "EUR",
                new BigDecimal("0.02"), from)));
        Price marketingOwn = personas.call(ADMIN, () -> rateCard.schedule(new RateDraft(Sku.STORAGE_GIB_MONTH, marketing, "EUR",
                new BigDecimal("0.021"), from)));

        List<RateVersion> ofCredit = personas.call(MANAGER_CREDIT, () -> rateCard.card(credit));
        assertThat(ofCredit).extracting(v -> v.price().rateId()).contains(creditOwn.rateId()).doesNotContain(marketingOwn.rateId());
        assertThat(ofCredit).as("the defaults in the area's currency and its own prices").allSatisfy(v -> {
            assertThat(v.price().currency()).isEqualTo("EUR");
            assertThat(v.price().areaId()).isIn(null, credit);
        });
        assertThat(ofCredit).filteredOn(v -> v.price().rateId().equals(creditOwn.rateId())).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(RateVersion.Status.SCHEDULED);
            assertThat(v.until()).isNull();
        });
        assertThat(ofCredit).filteredOn(v -> v.price().areaId() == null && v.price().sku().equals(Sku.VCPU_HOUR)
                && v.status() == RateVersion.Status.IN_FORCE).as("one default price of a SKU applies now").hasSize(1);

        List<RateVersion> managers = personas.call(MANAGER_CREDIT, () -> rateCard.card(null));
        assertThat(managers).extracting(v -> v.price().rateId()).contains(creditOwn.rateId()).doesNotContain(marketingOwn.rateId());
        assertThat(managers).extracting(v -> v.price().currency()).contains("USD");
        assertThat(personas.call(ADMIN, () -> rateCard.card(null))).extracting(v -> v.price().rateId())
                .contains(creditOwn.rateId(), marketingOwn.rateId());
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> rateCard.card(marketing))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.call(DS_CREDIT, () -> rateCard.card(credit))).isInstanceOf(AccessDeniedException.class);

        String manager = token(MANAGER_CREDIT);
        Api.Response read = api.get("/api/v1/costs/rate-card?area=" + credit, manager);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(creditOwn.rateId().toString(), "SCHEDULED", "IN_FORCE").doesNotContain(marketingOwn.rateId().toString());
        assertThat(api.get("/api/v1/costs/rate-card?area=" + marketing, manager).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/rate-card", token(DS_CREDIT)).status()).isEqualTo(403);
    }

    @Test
    void managers_read_their_area_members_their_own_lines_and_outsiders_nothing_through_the_api() {
        Instant t = base(6);
        UUID mine = UUID.randomUUID();
        UUID someoneElses = UUID.randomUUID();
        inTransaction(() -> {
            usage.open(start(credit, "workspace", mine, "mine", dsCredit, t, Held.compute(new ResourceShape(1, 2, null, 0, 0))));
            usage.close("workspace", mine, t.plus(Duration.ofHours(2)), "stopped");
            usage.open(start(credit, "schedule-run", someoneElses, "theirs", managerCredit, t, Held.querySlot()));
            usage.close("schedule-run", someoneElses, t.plus(Duration.ofHours(1)), "succeeded");
        });
        personas.call(ADMIN, () -> ledger.rate(t, t.plus(Duration.ofHours(2))));
        String range = "&from=" + t + "&to=" + t.plus(Duration.ofHours(2));

        JsonNode manager = api.get("/api/v1/costs/lines?area=" + credit + range, token(MANAGER_CREDIT)).json();
        assertThat(manager.get("content").size()).isEqualTo(5);
        JsonNode member = api.get("/api/v1/costs/lines?area=" + credit + range, token(DS_CREDIT)).json();
        assertThat(member.get("content").size()).isEqualTo(4);
        member.get("content").forEach(l -> assertThat(l.get("personId").asString()).isEqualTo(dsCredit.toString()));
        Api.Response outsider = api.get("/api/v1/costs/lines?area=" + credit + range, token(DS_FRAUD));
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/totals?area=" + credit + range, token(DS_FRAUD)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/lines?" + range.substring(1), token(MANAGER_CREDIT)).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/costs/totals?area=" + credit + range + "&by=colour", token(MANAGER_CREDIT)).status()).isEqualTo(400);
        assertThatThrownBy(() -> lines(DS_FRAUD, credit, t, t.plus(Duration.ofHours(2)))).isInstanceOf(NotFoundException.class);

        JsonNode byPerson = api.get("/api/v1/costs/totals?area=" + credit + range + "&granularity=MONTH&by=person", token(MANAGER_CREDIT)).json();
        Map<String, BigDecimal> perPerson = new java.util.HashMap<>();
        byPerson.forEach(n -> perPerson.put(n.get("key").asString(), n.get("amount").decimalValue()));
        // ds.credit: 2 h × (0.04 + 2 × 0.005); manager.credit: 1 slot-hour
        assertThat(perPerson.get(dsCredit.toString())).isEqualByComparingTo("0.1");
        assertThat(perPerson.get(managerCredit.toString())).isEqualByComparingTo("0.12");
        JsonNode own = api.get("/api/v1/costs/totals?area=" + credit + range + "&by=sku", token(DS_CREDIT)).json();
        assertThat(own.size()).isEqualTo(2);
        assertThat(api.post("/api/v1/costs/rating?" + range.substring(1), token(MANAGER_CREDIT), "").status()).isEqualTo(403);
        Api.Response rated = api.post("/api/v1/costs/rating?" + range.substring(1), token(ADMIN), "");
        assertThat(rated.status()).as(rated.body()).isEqualTo(200);
        assertThat(rated.json().get("lines").asInt()).isGreaterThanOrEqualTo(5);
        JsonNode everything = api.get("/api/v1/costs/lines?" + range.substring(1) + "&size=2", token(ADMIN)).json();
        assertThat(everything.get("content").size()).isEqualTo(2);
    }

    @Test
    void predictions_are_charged_per_thousand_rows_from_the_prediction_log_and_replicas_per_hour() {
        DeploymentView endpoint = live.liveInStaging("costs");
        Instant first = clock.instant().truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 4; i++) {
            personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(3)));
        }
        Instant until = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        org.awaitility.Awaitility.await("the four calls in the prediction log").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> predictionRecords.answeredRows(endpoint.id(), first.minus(Duration.ofHours(1)), until) >= 12);
        personas.call(ADMIN, () -> ledger.rate(first.minus(Duration.ofHours(1)), until));
        List<CostLineView> lines = lines(DS_FRAUD, fraud, first.minus(Duration.ofHours(1)), until).stream()
                .filter(l -> l.resourceId().equals(endpoint.id())).toList();
        List<CostLineView> predictions = lines.stream().filter(l -> l.kind() == ResourceKind.PREDICTIONS).toList();
        assertThat(predictions.stream().map(CostLineView::quantity).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0.012");
        assertThat(predictions).allSatisfy(p -> {
            assertThat(p.sku()).isEqualTo(Sku.PREDICTIONS_1000);
            assertThat(p.amount()).isEqualTo(Rating.amount(p.quantity(), new BigDecimal("0.0200000000")));
        });
        assertThat(lines.stream().filter(l -> l.kind() == ResourceKind.DEPLOYMENT)).isNotEmpty()
                .allSatisfy(l -> assertThat(l.sku()).isEqualTo(Sku.REPLICA_HOUR));
        assertThat(lines(ADMIN, credit, first, until).stream().filter(l -> l.resourceId().equals(endpoint.id()))).isEmpty();

        // retiring the release closes its replica interval
        personas.call(DS_FRAUD, () -> deployments.retire(endpoint.id(), "Cost test is done with it"));
        assertThat(usage.isOpen("deployment", endpoint.id())).isFalse();
    }

    /** A usage interval of the ledger as stored: what the hourly rating reads. */
    record Stored(Instant start, Instant end, BigDecimal gib, String name, UUID area, UUID owner, String endReason) {
    }

    List<Stored> intervals(StorageKind kind, UUID resourceId) {
        return jdbc.query("select r.started_at, r.ended_at, q.held, r.source_name, r.area_id, r.owner_id, r.end_reason from usage_record r "
                + "join usage_quantity q on q.usage_record_id = r.id where r.source_type = ? and r.source_id = ? and q.sku = ? "
                + "order by r.started_at", (rs, i) -> new Stored(rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getBigDecimal(3), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7)),
                kind.sourceType(), kind.ledgerId(resourceId), Sku.STORAGE_GIB_MONTH);
    }

    /**
     * The GiB-month of each hour, by hand: GiB held × milliseconds in the hour (an open interval up to the
     * rating time) / (3,600,000 × 730), 10 decimals half-even; hours that round to nothing have no line.
     */
    static Map<Instant, BigDecimal> gibMonths(List<Stored> intervals, Instant ratedAt) {
        Map<Instant, BigDecimal> heldMillis = new java.util.TreeMap<>();
        for (Stored h : intervals) {
            Instant end = h.end() == null ? ratedAt : h.end();
            for (Instant hour = h.start().truncatedTo(ChronoUnit.HOURS); hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
                Instant from = h.start().isAfter(hour) ? h.start() : hour;
                Instant to = end.isBefore(hour.plus(Duration.ofHours(1))) ? end : hour.plus(Duration.ofHours(1));
                heldMillis.merge(hour, h.gib().multiply(BigDecimal.valueOf(Duration.between(from, to).toMillis())), BigDecimal::add);
            }
        }
        Map<Instant, BigDecimal> quantities = new java.util.TreeMap<>();
        heldMillis.forEach((hour, m) -> {
            BigDecimal q = m.divide(new BigDecimal("2628000000"), 10, java.math.RoundingMode.HALF_EVEN);
            if (q.signum() != 0) {
                quantities.put(hour, q);
            }
        });
        return quantities;
    }

    static void insertProfiles(java.sql.Connection c, String table, int from, int count) throws java.sql.SQLException {
        try (java.sql.PreparedStatement p = c.prepareStatement("insert into area_fraud." + table + " values (?, ?, ?, ?)")) {
            for (int i = from; i < from + count; i++) {
                p.setString(1, "C" + String.format("%07d", i));
                p.setTimestamp(2, Timestamp.from(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i * 60L)));
                p.setDouble(3, (i * 37 % 1000) / 10.0);
                p.setString(4, List.of("mass market", "affluent", "small business").get(i % 3));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Test
    void storage_is_measured_metered_per_hour_in_gib_month_resized_closed_when_gone_and_read_by_the_areas_managers_only()
            throws Exception {
        org.awaitility.Awaitility.await("the demo warehouse").atMost(Duration.ofSeconds(90)).until(() -> warehouse.progress().finished());
        UUID demo = personas.call(ADMIN, () -> dataSources.list(DemoWarehouse.SOURCE_NAME, PageRequest.of(0, 1))).getContent().getFirst().id();
        UUID dsFraud = personas.user(DS_FRAUD).userId();
        String table = "storage_profile_" + UUID.randomUUID().toString().substring(0, 8);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(warehouse.url(), "sa", "")) {
            c.createStatement().execute("create table area_fraud." + table
                    + " (customer_id varchar(20), event_time timestamp, spend double precision, segment varchar(40))");
            insertProfiles(c, table, 0, 20_000);
        }
        FeatureGroupView group = personas.call(DS_FRAUD, () -> featureGroups.register(new FeatureGroupDraft(fraud, table,
                "Spend profile per customer", List.of("storage"), demo, SourceQuery.table("area_fraud", table), List.of("customer_id"),
                "event_time", List.of(new FeatureDraft("spend", ColumnInfo.Kind.NUMBER, "Spend", "EUR", false, false, null, null,
                        List.of())))));
        DeploymentView endpoint = live.liveInStaging("storage");
        Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        personas.call(DS_FRAUD, () -> deployments.predict(endpoint.name(), LiveDeployments.rows(5)));
        org.awaitility.Awaitility.await("the call in the prediction log").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> predictionRecords.answeredRows(endpoint.id(), hour.minus(Duration.ofHours(1)), hour.plus(Duration.ofHours(2))) >= 5);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, storage::measure)).isInstanceOf(AccessDeniedException.class);

        // the first measurement: the offline table, the model artifact and the release's log, each an interval from now
        StorageMetering.Run first = personas.call(ADMIN, storage::measure);
        assertThat(first.failed()).isEmpty();
        Map<StorageKind, StorageMeasurement> measured = personas.call(ADMIN, () -> storage.latest(fraud, PageRequest.of(0, 1000)))
                .getContent().stream().filter(m -> List.of(group.id(), endpoint.modelVersionId(), endpoint.id()).contains(m.resourceId()))
                .collect(Collectors.toMap(StorageMeasurement::kind, m -> m));
        assertThat(measured).containsOnlyKeys(StorageKind.FEATURE_OFFLINE, StorageKind.MODEL_ARTIFACT, StorageKind.PREDICTION_LOG);
        StorageMeasurement offline = measured.get(StorageKind.FEATURE_OFFLINE);
        assertThat(offline.bytes()).as("20,000 rows of four columns").isBetween(20_000L * 20, 20_000L * 500);
        assertThat(offline.name()).isEqualTo("feature group " + table + " · offline table");
        assertThat(offline.measuredAt()).isEqualTo(first.at());
        assertThat(measured.get(StorageKind.MODEL_ARTIFACT).bytes()).isEqualTo(personas.call(DS_FRAUD,
                () -> registry.versionById(endpoint.modelVersionId())).artifactSize()).isGreaterThan(1000);
        assertThat(measured.get(StorageKind.PREDICTION_LOG).bytes()).as("one call of 5 rows").isBetween(200L, 1_000_000L);
        assertThat(intervals(StorageKind.FEATURE_OFFLINE, group.id())).singleElement().satisfies(h -> {
            assertThat(h.start()).isEqualTo(first.at());
            assertThat(h.end()).isNull();
            assertThat(h.gib()).isEqualByComparingTo(StorageMetering.gib(offline.bytes())).isPositive();
            assertThat(h.name()).isEqualTo(offline.name());
            assertThat(h.area()).isEqualTo(fraud);
            assertThat(h.owner()).isEqualTo(dsFraud);
        });
        assertThat(audit.awaitEntry(AuditTrail.actionOn("costs.storage-measured", fraud + "@" + first.at())).areaId()).isEqualTo(fraud);

        // a second run with nothing changed adds nothing
        List<UUID> ledgerIds = List.of(StorageKind.FEATURE_OFFLINE.ledgerId(group.id()), StorageKind.MODEL_ARTIFACT.ledgerId(
                endpoint.modelVersionId()), StorageKind.PREDICTION_LOG.ledgerId(endpoint.id()));
        String ours = "select count(*) from usage_record where source_id in (?, ?, ?)";
        assertThat(jdbc.queryForObject(ours, Long.class, ledgerIds.toArray())).isEqualTo(3);
        personas.call(ADMIN, storage::measure);
        assertThat(jdbc.queryForObject(ours, Long.class, ledgerIds.toArray())).isEqualTo(3);
        assertThat(jdbc.queryForObject(ours + " and ended_at is null", Long.class, ledgerIds.toArray())).isEqualTo(3);

        // the table grows by a quarter: the interval of the old size closes and one of the new size opens
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(warehouse.url(), "sa", "")) {
            insertProfiles(c, table, 20_000, 5_000);
        }
        StorageMetering.Run grown = personas.call(ADMIN, storage::measure);
        List<Stored> resized = intervals(StorageKind.FEATURE_OFFLINE, group.id());
        assertThat(resized).hasSize(2);
        assertThat(resized.get(0).end()).isEqualTo(grown.at());
        assertThat(resized.get(1).start()).isEqualTo(grown.at());
        assertThat(resized.get(1).end()).isNull();
        assertThat(resized.get(1).gib()).isGreaterThan(resized.get(0).gib());

        // the table is dropped: its interval closes, and it is no longer listed
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(warehouse.url(), "sa", "")) {
            c.createStatement().execute("drop table area_fraud." + table);
        }
        StorageMetering.Run gone = personas.call(ADMIN, storage::measure);
        assertThat(gone.closed()).isPositive();
        List<Stored> closed = intervals(StorageKind.FEATURE_OFFLINE, group.id());
        assertThat(closed).hasSize(2);
        assertThat(closed.get(1).end()).isEqualTo(gone.at());
        assertThat(closed.get(1).endReason()).isEqualTo("no longer stored");
        assertThat(personas.call(ADMIN, () -> storage.latest(fraud, PageRequest.of(0, 1000))).getContent())
                .noneMatch(m -> m.resourceId().equals(group.id()));

        // rated per hour as GiB-month at the rate card's price, exactly
        Instant from = first.at().truncatedTo(ChronoUnit.HOURS);
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        personas.call(ADMIN, () -> ledger.rate(from, to));
        UUID offlineLedger = StorageKind.FEATURE_OFFLINE.ledgerId(group.id());
        List<CostLineView> rated = lines(ADMIN, fraud, from, to).stream().filter(l -> l.resourceId().equals(offlineLedger)).toList();
        assertThat(rated).isNotEmpty().allSatisfy(l -> {
            assertThat(l.kind()).isEqualTo(ResourceKind.STORAGE);
            assertThat(l.resourceName()).isEqualTo(offline.name());
            assertThat(l.sku()).isEqualTo(Sku.STORAGE_GIB_MONTH);
            assertThat(l.unit()).isEqualTo("GiB-month");
            assertThat(l.rateId()).isEqualTo(UUID.fromString("00000000-0000-0000-0011-000000000004"));
            assertThat(l.unitPrice()).isEqualTo(new BigDecimal("0.0230000000"));
            assertThat(l.amount()).isEqualTo(l.quantity().multiply(new BigDecimal("0.023")).setScale(10, java.math.RoundingMode.HALF_EVEN));
            assertThat(l.personId()).isEqualTo(dsFraud);
        });
        assertThat(rated.stream().collect(Collectors.toMap(CostLineView::hourStart, CostLineView::quantity)))
                .isEqualTo(gibMonths(closed, rated.getFirst().ratedAt()));
        // the artifact holds its size from the first measurement on (a few KiB: too little for a line within seconds)
        assertThat(intervals(StorageKind.MODEL_ARTIFACT, endpoint.modelVersionId())).singleElement().satisfies(h -> {
            assertThat(h.start()).isEqualTo(first.at());
            assertThat(h.end()).isNull();
            assertThat(h.gib()).isEqualByComparingTo(StorageMetering.gib(measured.get(StorageKind.MODEL_ARTIFACT).bytes()));
            assertThat(h.name()).isEqualTo("model " + endpoint.model() + " v" + endpoint.modelVersion() + " · artifact");
        });

        // managers and administrators of the area read it through the API; another area's people and its other members do not
        Api.Response listed = api.get("/api/v1/costs/storage?area=" + fraud + "&size=500", token(ADMIN));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        List<String> kinds = new java.util.ArrayList<>();
        listed.json().get("content").forEach(m -> {
            if (m.get("resourceId").asString().equals(endpoint.modelVersionId().toString())) {
                kinds.add(m.get("kind").asString() + " " + m.get("name").asString());
            }
        });
        assertThat(kinds).containsExactly("MODEL_ARTIFACT model " + endpoint.model() + " v" + endpoint.modelVersion() + " · artifact");
        assertThat(api.get("/api/v1/costs/storage?area=" + fraud, token(DS_CREDIT)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/storage?area=" + fraud, token(MANAGER_CREDIT)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/storage?area=" + fraud, token(DS_FRAUD)).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/costs/storage?area=" + credit, token(MANAGER_CREDIT)).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/costs/storage", token(ADMIN)).status()).isEqualTo(400);
        assertThatThrownBy(() -> personas.call(MANAGER_CREDIT, () -> storage.latest(fraud, PageRequest.of(0, 10))))
                .isInstanceOf(NotFoundException.class);
    }

    String token(String who) {
        return personas.call(who, () -> tokens.create(new TokenRequest("costs-" + who.replace('.', '-') + "-" + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(1), false))).secret();
    }
}
