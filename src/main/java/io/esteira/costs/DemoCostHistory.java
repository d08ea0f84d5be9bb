package io.esteira.costs;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostEvents.DemoCostHistoryWritten;
import io.esteira.shared.Trace;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's cost history: the last {@value #WHOLE_MONTHS} whole months and the current month so far of
 * the demo areas, written through the same usage ledger the modules write ({@link UsageLedger#open}, {@link
 * UsageLedger#close}) with past times, and rated, closed and checked by the same code as real usage: {@link
 * CostLedger#rate} into the hours the usage belongs to, {@link MonthlyClose} for each whole month (with demo shared
 * pools), demo budgets where an area has none of its own, and {@link BudgetAlerts#check(Instant)}.
 * <p>
 * What it writes: notebook workspaces started and stopped in office hours (Lisbon), with lunch breaks, days off, idle
 * stops and one GPU workspace left running; their disks; scheduled queries and batch-scoring runs (each part of its
 * schedule); the replicas of online releases and the rows they predicted per hour (counted through {@link
 * DemoPredictions}), with the batch scoring the cost of the story's models (names only: not models of the registry). Each area has its
 * own story: Credit Risk grows and is forecast over its budget this month, Fraud's training winds down while its
 * transaction volume follows the season, Marketing ran one campaign. Intervals are marked {@code demo}.
 * <p>
 * It runs in the background once the application is ready ({@code esteira.demo.costs.enabled}), and once: a row of
 * {@code cost_demo_history} says how far it got, so a later start finishes what a stopped one began and then adds
 * nothing. A month closed before the history (by the close job of an older demo database) is left alone: the history
 * starts after it. What runs when the history ends is left running only when it ends now.
 */
@Component
@ConditionalOnProperty(name = "esteira.demo.enabled", havingValue = "true")
class DemoCostHistory {

    static final int WHOLE_MONTHS = 3;
    static final List<String> AREAS = List.of("CREDIT", "FRAUD", "MARKETING");
    /** The demo budgets (in the area's currency) of areas that have none of their own. */
    static final Map<String, BigDecimal> BUDGETS = Map.of("CREDIT", new BigDecimal("400.00"), "FRAUD", new BigDecimal("800.00"),
            "MARKETING", new BigDecimal("100.00"));
    static final String PORTAL_POOL = "Portal and database";
    static final String CLUSTER_POOL = "Shared cluster capacity";

    private static final ZoneId OFFICE = ZoneId.of("Europe/Lisbon");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(DemoCostHistory.class);
    private static final Object SEEDING = new Object();

    private final UsageLedger usage;
    private final CostLedger ledger;
    private final MonthlyClose close;
    private final SharedPools pools;
    private final Budgets budgets;
    private final BudgetAlerts alerts;
    private final AreaService areas;
    private final UserDirectory people;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final RatingDue due;
    private final Clock clock;
    private final boolean enabled;
    @jakarta.persistence.PersistenceContext
    private jakarta.persistence.EntityManager entities;

    DemoCostHistory(UsageLedger usage, CostLedger ledger, MonthlyClose close, SharedPools pools, Budgets budgets, BudgetAlerts alerts,
            AreaService areas, UserDirectory people, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            ApplicationEventPublisher events, RatingDue due, Clock clock, @Value("${esteira.demo.costs.enabled:false}") boolean enabled) {
        this.usage = usage;
        this.ledger = ledger;
        this.close = close;
        this.pools = pools;
        this.budgets = budgets;
        this.alerts = alerts;
        this.areas = areas;
        this.people = people;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.due = due;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** What a run did, or found done. */
    record Outcome(boolean alreadyDone, Instant from, Instant until, int intervals, int predictionHours, List<YearMonth> closed,
            int alerts) {
    }

    /** After the rest of the demo data (the application runners), on a thread of its own: start-up and the UI never wait. */
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (!enabled) {
            return;
        }
        Thread.ofVirtual().name("demo-cost-history").start(() -> {
            try {
                ensure();
            } catch (RuntimeException e) {
                log.warn("The demo cost history was not written: {}", e.toString(), e);
            }
        });
    }

    /** The history up to now, or what an earlier start left to do; nothing once it is done. */
    Outcome ensure() {
        return ensure(clock.instant());
    }

    /** The history up to {@code until} (a test may end it in the past), or what an earlier run left to do. */
    Outcome ensure(Instant until) {
        synchronized (SEEDING) {
            return SystemActor.call(() -> run(until));
        }
    }

    private record State(Instant anchor, Instant finishedAt, int intervals) {
    }

    private State state() {
        List<State> rows = jdbc.query("select anchor, finished_at, intervals from cost_demo_history where id = 1", (rs, i) -> new State(
                rs.getTimestamp(1).toInstant(), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant(), rs.getInt(3)));
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private Outcome run(Instant until) {
        State state = state();
        if (state != null && state.finishedAt() != null) {
            log.info("The demo cost history up to {} was written at an earlier start: nothing to add", state.anchor());
            return new Outcome(true, null, state.anchor(), state.intervals(), 0, List.of(), 0);
        }
        long started = System.nanoTime();
        Instant anchor = state == null ? until : state.anchor();
        Instant now = clock.instant();
        Map<String, AreaSummary> demo = new LinkedHashMap<>();
        areas.list(null, PageRequest.of(0, 10_000)).getContent().stream().filter(a -> AREAS.contains(a.code()) && a.active())
                .sorted(java.util.Comparator.comparing(a -> AREAS.indexOf(a.code()))).forEach(a -> demo.put(a.code(), a));
        if (demo.isEmpty()) {
            log.info("No demo area to write a cost history for");
            return new Outcome(false, null, anchor, 0, 0, List.of(), 0);
        }
        YearMonth current = YearMonth.from(anchor.atZone(ZoneOffset.UTC));
        Instant from = MonthlyClose.start(current.minusMonths(WHOLE_MONTHS));
        for (YearMonth m = current.minusMonths(WHOLE_MONTHS); m.isBefore(current); m = m.plusMonths(1)) {
            if (pools.isClosed(m)) {
                from = MonthlyClose.start(m.plusMonths(1)); // an older demo database's closed month stays as it was closed
            }
        }
        if (!from.isBefore(anchor)) {
            return finish(new Outcome(false, from, anchor, 0, 0, List.of(), 0), started);
        }
        int intervals = state == null ? 0 : state.intervals();
        int predictionHours = 0;
        if (state == null) {
            History history = new History(from, anchor, !anchor.isBefore(now.minus(HOUR)), current);
            history.credit(demo.get("CREDIT"), person("ds.credit"), person("manager.credit"));
            history.fraud(demo.get("FRAUD"), person("ds.fraud"));
            history.marketing(demo.get("MARKETING"), person("admin"));
            write(history, demo);
            intervals = history.spans.size();
            predictionHours = history.predictions.size();
            log.info("Demo cost history: {} intervals and {} hours of predictions written from {} to {}", intervals, predictionHours,
                    from, anchor);
        }

        long written = System.nanoTime();
        // the hours its past times marked due: every one of them is rated below (the whole months by their close, the last one
        // here), so the rating job need not rate months again; marks made from now on are left to it
        Instant end = RateCard.hourOf(anchor).plus(HOUR);
        List<UUID> covered = due.within(from, end);

        // the whole months to close as the close job does on the 2nd (the close rates each into the hours its usage belongs to);
        // the others, the month the history ends in above all, rated here by the ledger's own rating, before anything reads them
        List<YearMonth> toClose = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); m.isBefore(current); m = m.plusMonths(1)) {
            if (!pools.isClosed(m) && MonthlyClose.start(m.plusMonths(1)).isBefore(now.plusSeconds(1))) {
                toClose.add(m);
            }
        }
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(current); m = m.plusMonths(1)) {
            Instant a = MonthlyClose.start(m).isBefore(from) ? from : MonthlyClose.start(m);
            Instant b = MonthlyClose.start(m.plusMonths(1)).isAfter(end) ? end : MonthlyClose.start(m.plusMonths(1));
            if (!toClose.contains(m) && b.isAfter(a)) {
                ledger.rate(a, b);
            }
        }
        long rated = System.nanoTime();

        // the demo budgets, where an area has none of its own: Credit Risk's is what its manager planned before a GPU was left on
        for (AreaSummary a : demo.values()) {
            BudgetPlan plan = budgets.get(a.id());
            if (Boolean.TRUE.equals(plan.area().areaDefault()) && BUDGETS.containsKey(a.code())) {
                budgets.put(a.id(), new BudgetChange(new Budget(null, null, BUDGETS.get(a.code()), plan.currency(), null, null, null),
                        plan.models(), null, plan.webhookUrl()));
            }
        }

        // each whole month closed, oldest first, with the month's shared platform pools
        List<YearMonth> closed = new ArrayList<>();
        String currency = demo.values().iterator().next().monthlyBudget().currency().getCurrencyCode();
        for (YearMonth m : toClose) {
            if (pools.pools(m).isEmpty()) {
                int age = current.getMonthValue() - m.getMonthValue() + 12 * (current.getYear() - m.getYear());
                BigDecimal growth = BigDecimal.ONE.subtract(new BigDecimal("0.04").multiply(BigDecimal.valueOf(age - 1)));
                pools.set(m, List.of(
                        new PoolDraft(PORTAL_POOL, new BigDecimal("240.00").multiply(growth).setScale(2, java.math.RoundingMode.HALF_EVEN),
                                currency, PoolRule.EVEN.name(), null),
                        new PoolDraft(CLUSTER_POOL, new BigDecimal("360.00").multiply(growth).setScale(2, java.math.RoundingMode.HALF_EVEN),
                                currency, PoolRule.PROPORTIONAL.name(), null)));
            }
            close.close(m);
            closed.add(m);
        }
        if (closed.size() == toClose.size()) {
            due.done(covered);
        }
        log.info("Demo cost history: written in {} ms, this month rated in {} ms, months closed in {} ms", (written - started) / 1_000_000,
                (rated - written) / 1_000_000, (System.nanoTime() - rated) / 1_000_000);

        List<BudgetAlert> raised = alerts.check(anchor);
        return finish(new Outcome(false, from, anchor, intervals, predictionHours, closed, raised.size()), started);
    }

    private Outcome finish(Outcome outcome, long started) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("update cost_demo_history set finished_at = ? where id = 1", now) == 0) {
            jdbc.update("insert into cost_demo_history (id, anchor, written_at, intervals, finished_at) values (1, ?, ?, 0, ?)",
                    Timestamp.from(outcome.until()), now, now);
        }
        log.info("Demo cost history ready after {} ms: months closed {}, budget alerts raised {}", (System.nanoTime() - started) / 1_000_000,
                outcome.closed(), outcome.alerts());
        return outcome;
    }

    private Person person(String username) {
        return people.findByUsername(username).map(p -> new Person(p.id(), p.displayName())).orElse(null);
    }

    /** Writes the intervals and counts in one transaction with the row that says so: all of it, or nothing. */
    private void write(History history, Map<String, AreaSummary> demo) {
        transaction.executeWithoutResult(s -> {
            jdbc.update("insert into cost_demo_history (id, anchor, written_at, intervals, finished_at) values (1, ?, ?, ?, null)",
                    Timestamp.from(history.until), Timestamp.from(clock.instant()), history.spans.size());
            int n = 0;
            for (Span span : history.spans) {
                usage.open(span.start(), true);
                if (span.end() != null) {
                    usage.close(span.start().sourceType(), span.start().sourceId(), span.end(), span.reason());
                }
                if (++n % 200 == 0) { // written: a small persistence context keeps each interval's flush cheap
                    entities.flush();
                    entities.clear();
                }
            }
            List<Object[]> rows = history.predictions.stream().map(p -> new Object[] {p.resourceId(), Timestamp.from(p.hour()), p.areaId(),
                    p.resourceName(), p.person() == null ? null : p.person().id(), p.person() == null ? null : p.person().name(), p.rows(),
                    p.model() == null ? null : p.model().id(), p.model() == null ? null : p.model().name()})
                    .toList();
            for (int i = 0; i < rows.size(); i += 1000) {
                jdbc.batchUpdate("insert into cost_demo_prediction (resource_id, hour_start, area_id, resource_name, person_id, person_name, "
                        + "row_count, model_id, model_name) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.subList(i, Math.min(rows.size(), i + 1000)));
            }
            events.publishEvent(new DemoCostHistoryWritten(history.from, history.until, history.spans.size(), history.predictions.size(),
                    List.copyOf(demo.keySet()), Trace.capture(clock)));
        });
    }

    // ------------------------------------------------------------------------------------------- the history itself

    record Person(UUID id, String name) {
    }

    /** An interval to write: opened at its start, closed at {@code end} for {@code reason} (end null: still running). */
    record Span(UsageStart start, Instant end, String reason) {
    }

    record PredictionHour(UUID areaId, UUID resourceId, String resourceName, Person person, Instant hour, long rows, Model model) {
    }

    /**
     * A model of the story, which its releases' replicas and predictions and its batch scoring are the cost of. The
     * demo's releases are not deployments, so their models are not in the registry either: a stable id from the name.
     */
    record Model(UUID id, String name) {

        static Model of(UUID area, String name) {
            return new Model(UUID.nameUUIDFromBytes(("demo-model:" + area + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    name);
        }
    }

    /** Something that holds resources: a workspace's compute or disk, a run (part of its schedule), a release's replicas. */
    private record Resource(UUID areaId, String sourceType, UUID sourceId, String name, Person person, String sku, ResourceShape shape,
            Map<String, BigDecimal> held, Model model, UUID parentId) {

        Resource(UUID areaId, String sourceType, UUID sourceId, String name, Person person, String sku, ResourceShape shape,
                Map<String, BigDecimal> held) {
            this(areaId, sourceType, sourceId, name, person, sku, shape, held, null, null);
        }

        UsageStart at(Instant t) {
            return new UsageStart(areaId, sourceType, sourceId, name, person == null ? null : person.id(), person == null ? null
                    : person.name(), sku, shape, t, held, model == null ? null : model.id(), model == null ? null : model.name(), parentId);
        }
    }

    /** The demo areas' usage from {@code from} to {@code until}; the same for the same times. */
    static final class History {

        final Instant from;
        final Instant until;
        /** Whether what still runs at the end is left running (the history ends now) or stopped there (it ends in the past). */
        final boolean endsNow;
        final YearMonth current;
        final List<Span> spans = new ArrayList<>();
        final List<PredictionHour> predictions = new ArrayList<>();

        History(Instant from, Instant until, boolean endsNow, YearMonth current) {
            this.from = from;
            this.until = until;
            this.endsNow = endsNow;
            this.current = current;
        }

        // ------------------------------------------------------------------ Credit Risk: growing, over budget this month

        void credit(AreaSummary area, Person ana, Person marta) {
            if (area == null) {
                return;
            }
            UUID a = area.id();
            // Ana's everyday notebook, in office hours; more evenings once the recalibration starts
            Workspace notebook = workspace(a, "credit-scorecard-notebook", ana, "Python · scikit-learn", "M", new ResourceShape(4, 16, null,
                    0, 50), from.minus(Duration.ofDays(40)), null);
            SplittableRandom r = random("CREDIT/notebook");
            for (LocalDate d : days()) {
                int m = monthIndex(d);
                if (weekday(d) && r.nextDouble() > 0.08) {
                    Instant out = officeDay(notebook, d, r, 8, 40, 70, 17, 15, 105, 0.25, 0.10);
                    Instant evening = at(d, 20, r.nextInt(0, 30));
                    if (m >= -1 && r.nextDouble() < 0.18 && evening.isAfter(out.plus(Duration.ofMinutes(30)))) {
                        notebook.session(evening, at(d, 21, r.nextInt(10, 59)), "stopped");
                    }
                } else if (!weekday(d) && r.nextDouble() < 0.06) {
                    notebook.session(at(d, 10, r.nextInt(0, 50)), at(d, 12, r.nextInt(0, 40)), "stopped");
                }
            }
            // the GPU workspace for the PD model: from two months back, more each month; left running since four days ago
            Instant created = MonthlyClose.start(current.minusMonths(2)).plus(Duration.ofDays(7)).plus(Duration.ofHours(9));
            Instant leftOn = at(localDate(until.minus(Duration.ofDays(4))), 15, 40);
            Workspace gpu = workspace(a, "pd-model-gpu", ana, "Python · PyTorch GPU", "GPU-T4", new ResourceShape(8, 32, "nvidia-t4", 1, 100),
                    created, null);
            SplittableRandom g = random("CREDIT/gpu");
            for (LocalDate d : days()) {
                int m = monthIndex(d);
                double p = m == -2 ? 0.35 : m == -1 ? 0.55 : 0.6;
                if (weekday(d) && at(d, 9, 0).isAfter(created) && at(d, 19, 0).isBefore(leftOn.minus(Duration.ofHours(12)))
                        && g.nextDouble() < p) {
                    gpu.session(at(d, 9 + g.nextInt(0, 2), g.nextInt(0, 59)), at(d, 15 + g.nextInt(0, 3), g.nextInt(0, 59)),
                            g.nextDouble() < 0.3 ? "stopped: idle for 30 min" : "stopped");
                }
            }
            gpu.session(leftOn, null, null);
            // Marta's reporting notebook: Monday mornings and the last working day of the month
            Workspace report = workspace(a, "credit-portfolio-report", marta, "Python 3 · Jupyter on the portal", "XS",
                    new ResourceShape(1, 2, null, 0, 10), from.minus(Duration.ofDays(90)), null);
            SplittableRandom mr = random("CREDIT/report");
            for (LocalDate d : days()) {
                if (d.getDayOfWeek() == DayOfWeek.MONDAY && mr.nextDouble() < 0.8) {
                    report.session(at(d, 9, mr.nextInt(0, 30)), at(d, 10, mr.nextInt(10, 50)), "stopped");
                } else if (weekday(d) && lastWorkingDay(d)) {
                    report.session(at(d, 14, mr.nextInt(0, 30)), at(d, 17, mr.nextInt(0, 30)), "stopped");
                }
            }
            // scheduled queries and the nightly batch scoring of the loan book, which grows
            SplittableRandom q = random("CREDIT/runs");
            Model pd = Model.of(a, "credit_pd");
            for (LocalDate d : days()) {
                int m = monthIndex(d);
                double growth = 1 + 0.06 * (m + WHOLE_MONTHS);
                run(a, "schedule-run", "credit-bureau-features", ana, "Scheduled query", at(d, 2, 0), (int) ((18 + q.nextInt(0, 17)) * growth),
                        q, 0.03, null);
                if (weekday(d)) {
                    run(a, "schedule-run", "credit-limit-monitoring", ana, "Scheduled query", at(d, 7, 0), 5 + q.nextInt(0, 8), q, 0.02, null);
                }
                run(a, "batch-run", "credit-pd-batch-scoring", ana, "Batch scoring", at(d, 1, 0), (int) ((70 + q.nextInt(0, 40)) * growth),
                        q, 0.02, pd);
            }
            // the PD scoring endpoint: v2 on two replicas, replaced last month by v3 on three
            Instant v3 = at(MonthlyClose.start(current.minusMonths(1)).atZone(OFFICE).toLocalDate().plusDays(11), 10, 0);
            UUID v2Id = release(a, "credit-pd-scoring v2", ana, 2, from.minus(Duration.ofDays(30)), v3, "retired", pd);
            UUID v3Id = release(a, "credit-pd-scoring v3", ana, 3, v3, null, null, pd);
            ToLongFunction<Instant> applications = hour -> {
                LocalDate d = localDate(hour);
                int h = hour.atZone(OFFICE).getHour();
                double growth = 1 + 0.08 * (monthIndex(d) + WHOLE_MONTHS);
                double base = h >= 8 && h < 20 ? 2200 : h >= 20 && h < 23 ? 550 : 90;
                return (long) (base * growth * (weekday(d) ? 1 : 0.2));
            };
            predictions(a, v2Id, "credit-pd-scoring v2", ana, from, v3, applications, random("CREDIT/pd-v2"), pd);
            predictions(a, v3Id, "credit-pd-scoring v3", ana, v3, until, applications, random("CREDIT/pd-v3"), pd);
        }

        // ------------------------------------------------------------------ Fraud: training winds down, volume follows the season

        void fraud(AreaSummary area, Person bruno) {
            if (area == null) {
                return;
            }
            UUID a = area.id();
            Workspace lab = workspace(a, "fraud-features-lab", bruno, "Python · scikit-learn", "L", new ResourceShape(8, 32, null, 0, 100),
                    from.minus(Duration.ofDays(60)), null);
            SplittableRandom r = random("FRAUD/lab");
            for (LocalDate d : days()) {
                if (weekday(d) && r.nextDouble() > 0.1) {
                    officeDay(lab, d, r, 8, 0, 50, 16, 30, 120, 0.15, 0.12);
                }
            }
            // the graph model's training runs on an A100: many while it was built, fewer since
            Workspace training = workspace(a, "fraud-gnn-training", bruno, "Python · PyTorch GPU", "GPU-A100",
                    new ResourceShape(16, 64, "nvidia-a100", 1, 200), from.minus(Duration.ofDays(20)), null);
            SplittableRandom t = random("FRAUD/training");
            for (LocalDate d : days()) {
                int m = monthIndex(d);
                double p = m == -3 ? 0.30 : m == -2 ? 0.20 : m == -1 ? 0.10 : 0.07;
                if (weekday(d) && t.nextDouble() < p) {
                    Instant s = at(d, 9 + t.nextInt(0, 3), t.nextInt(0, 59));
                    training.session(s, s.plus(Duration.ofMinutes(360 + t.nextInt(0, 300))), "stopped");
                }
            }
            SplittableRandom q = random("FRAUD/runs");
            Model chargebacks = Model.of(a, "chargeback_risk");
            for (LocalDate d : days()) {
                for (int h = 0; h < 24; h += 6) {
                    run(a, "schedule-run", "card-velocity-features", bruno, "Scheduled query", at(d, h, 15), 6 + q.nextInt(0, 9), q, 0.01,
                            null);
                }
                if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    run(a, "batch-run", "chargeback-rescoring", bruno, "Batch scoring", at(d, 3, 0), 120 + q.nextInt(0, 60), q, 0.0,
                            chargebacks);
                }
            }
            Model screening = Model.of(a, "transaction_screening");
            Instant v5 = at(MonthlyClose.start(current.minusMonths(2)).atZone(OFFICE).toLocalDate().plusDays(19), 11, 0);
            UUID v4Id = release(a, "transaction-screening v4", bruno, 4, from.minus(Duration.ofDays(50)), v5, "retired", screening);
            UUID v5Id = release(a, "transaction-screening v5", bruno, 4, v5, null, null, screening);
            ToLongFunction<Instant> transactions = hour -> {
                LocalDate d = localDate(hour);
                int h = hour.atZone(OFFICE).getHour();
                double curve = h < 6 ? 0.3 : h < 9 ? 0.55 : h < 18 ? 0.95 : h < 22 ? 1.1 : 0.6;
                double season = switch (monthIndex(d)) {
                    case -3 -> 1.0;
                    case -2 -> 1.07;
                    case -1 -> 1.2;
                    default -> 1.04;
                };
                return (long) (14_000 * curve * season * (weekday(d) ? 1 : 1.12));
            };
            predictions(a, v4Id, "transaction-screening v4", bruno, from, v5, transactions, random("FRAUD/v4"), screening);
            predictions(a, v5Id, "transaction-screening v5", bruno, v5, until, transactions, random("FRAUD/v5"), screening);
        }

        // ------------------------------------------------------------------ Marketing: one campaign, two months back

        void marketing(AreaSummary area, Person owner) {
            if (area == null) {
                return;
            }
            UUID a = area.id();
            LocalDate campaign = MonthlyClose.start(current.minusMonths(2)).atZone(OFFICE).toLocalDate();
            Workspace analysis = workspace(a, "campaign-analysis", owner, "Python · scikit-learn", "S", new ResourceShape(2, 8, null, 0, 20),
                    at(campaign.plusDays(2), 10, 0), at(campaign.plusMonths(1).plusDays(24), 16, 0));
            SplittableRandom r = random("MARKETING/analysis");
            for (LocalDate d = campaign.plusDays(2); d.isBefore(campaign.plusDays(18)); d = d.plusDays(1)) {
                if (weekday(d) && r.nextDouble() < 0.8) {
                    analysis.session(at(d, 10, r.nextInt(0, 40)), at(d, 15, r.nextInt(0, 59)), "stopped");
                }
            }
            SplittableRandom q = random("MARKETING/runs");
            Model propensity = Model.of(a, "campaign_propensity");
            for (LocalDate d : days()) {
                if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
                    run(a, "batch-run", "campaign-propensity-scoring", owner, "Batch scoring", at(d, 5, 0), 40 + q.nextInt(0, 30), q, 0.0,
                            propensity);
                }
                if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                    run(a, "schedule-run", "customer-segments-weekly", owner, "Scheduled query", at(d, 4, 0), 20 + q.nextInt(0, 10), q, 0.0,
                            null);
                }
            }
            Model nextBestOffer = Model.of(a, "next_best_offer");
            Instant live = at(campaign.plusDays(9), 9, 0);
            Instant retired = at(campaign.plusMonths(1).plusDays(19), 18, 0);
            UUID offer = release(a, "next-best-offer v1", owner, 1, live, retired, "retired", nextBestOffer);
            predictions(a, offer, "next-best-offer v1", owner, live, retired, hour -> {
                LocalDate d = localDate(hour);
                int h = hour.atZone(OFFICE).getHour();
                return weekday(d) && h >= 9 && h < 21 ? 2600 : 180;
            }, random("MARKETING/offer"), nextBestOffer);
        }

        // ------------------------------------------------------------------ how usage is made

        /** A workspace: its compute while a session runs, its disk from creation to deletion (null: still there). */
        final class Workspace {
            final Resource compute;
            final Resource disk;

            Workspace(Resource compute, Resource disk) {
                this.compute = compute;
                this.disk = disk;
            }

            void session(Instant start, Instant end, String reason) {
                span(compute, start, end, reason);
            }
        }

        Workspace workspace(UUID area, String name, Person person, String template, String size, ResourceShape shape, Instant created,
                Instant deleted) {
            UUID id = UUID.randomUUID();
            Resource compute = new Resource(area, ResourceKind.WORKSPACE.sourceType(), id, name, person, template + " · " + size, shape,
                    Held.compute(shape));
            Resource disk = new Resource(area, ResourceKind.WORKSPACE_DISK.sourceType(), id, name, person, "Disk · " + size,
                    new ResourceShape(0, 0, null, 0, shape.diskGib()), Held.disk(shape.diskGib()));
            span(disk, created, deleted, "deleted");
            return new Workspace(compute, disk);
        }

        /**
         * An office day: in between {@code startHour:startMinute} and that plus {@code startSpread} minutes, out between
         * {@code endHour:endMinute} and that plus {@code endSpread} minutes; sometimes stopped over lunch, sometimes left on
         * until the idle stop. @return when the day's last session ends
         */
        Instant officeDay(Workspace w, LocalDate d, SplittableRandom r, int startHour, int startMinute, int startSpread, int endHour,
                int endMinute, int endSpread, double lunch, double forgotten) {
            Instant in = at(d, startHour, startMinute).plus(Duration.ofMinutes(r.nextInt(0, startSpread)));
            Instant out = at(d, endHour, endMinute).plus(Duration.ofMinutes(r.nextInt(0, endSpread)));
            String reason = "stopped";
            if (r.nextDouble() < forgotten) {
                out = out.plus(Duration.ofMinutes(60 + r.nextInt(0, 120)));
                reason = "stopped: idle for 1 hour";
            }
            if (r.nextDouble() < lunch) {
                w.session(in, at(d, 12, 20 + r.nextInt(0, 25)), "stopped");
                w.session(at(d, 13, 25 + r.nextInt(0, 30)), out, reason);
            } else {
                w.session(in, out, reason);
            }
            return out;
        }

        /**
         * One run of a scheduled query or batch scoring (of a model's batch deployment: {@code model}): a query slot for its
         * minutes, part of its schedule; now and then it fails and is retried.
         */
        void run(UUID area, String sourceType, String name, Person person, String what, Instant at, int minutes, SplittableRandom r,
                double failure, Model model) {
            UUID schedule = UUID.nameUUIDFromBytes(("demo-schedule:" + area + "/" + sourceType + "/" + name)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Instant start = at.plusSeconds(r.nextInt(0, 40));
            if (failure > 0 && r.nextDouble() < failure) {
                Instant failed = start.plus(Duration.ofMinutes(Math.max(1, minutes / 3)));
                span(new Resource(area, sourceType, UUID.randomUUID(), name, person, what, new ResourceShape(1, 1, null, 0, 0),
                        Held.querySlot(), model, schedule), start, failed, "failed");
                start = failed.plus(Duration.ofMinutes(10));
            }
            span(new Resource(area, sourceType, UUID.randomUUID(), name, person, what, new ResourceShape(1, 1, null, 0, 0),
                    Held.querySlot(), model, schedule), start, start.plus(Duration.ofMinutes(minutes)).plusSeconds(r.nextInt(0, 60)),
                    "succeeded");
        }

        /** A model's release's replicas while it is live (on the portal's own target). @return its id, the resource of its predictions */
        UUID release(UUID area, String name, Person person, int replicas, Instant live, Instant left, String reason, Model model) {
            UUID id = UUID.randomUUID();
            span(new Resource(area, ResourceKind.DEPLOYMENT.sourceType(), id, name, person, "Replicas · embedded",
                    new ResourceShape(0, 0, null, 0, 0), Held.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(replicas)), model, null), live, left,
                    reason);
            return id;
        }

        /** The rows a release (of {@code model}) predicted in each hour it was live within the history (the last hour so far). */
        void predictions(UUID area, UUID release, String name, Person person, Instant live, Instant left, ToLongFunction<Instant> rows,
                SplittableRandom r, Model model) {
            Instant start = live.isBefore(from) ? from : live;
            Instant end = left == null || left.isAfter(until) ? until : left;
            for (Instant hour = RateCard.hourOf(start); hour.isBefore(end); hour = hour.plus(HOUR)) {
                Instant a = hour.isBefore(start) ? start : hour;
                Instant b = hour.plus(HOUR).isAfter(end) ? end : hour.plus(HOUR);
                double share = Duration.between(a, b).toSeconds() / 3600.0;
                long n = Math.round(rows.applyAsLong(hour) * share * (0.88 + 0.24 * r.nextDouble()));
                if (n > 0) {
                    predictions.add(new PredictionHour(area, release, name, person, hour, n, model));
                }
            }
        }

        /** An interval, within the history: clipped to its start; what runs on past its end stops there, or is left running. */
        void span(Resource resource, Instant start, Instant end, String reason) {
            if (!start.isBefore(until) || (end != null && !end.isAfter(from))) {
                return;
            }
            Instant s = start.isBefore(from) ? from : start;
            Instant e = end;
            String why = reason;
            if (e == null && !endsNow) {
                e = until;
                why = "the demo history ends here";
            } else if (e != null && e.isAfter(until)) {
                e = until;
            }
            spans.add(new Span(resource.at(s), e, e == null ? null : why));
        }

        List<LocalDate> days() {
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = localDate(from).minusDays(1); !d.isAfter(localDate(until)); d = d.plusDays(1)) {
                days.add(d);
            }
            return days;
        }

        /** The month of the day relative to the history's last one: 0 this month, -1 the one before, … */
        int monthIndex(LocalDate d) {
            YearMonth m = YearMonth.from(d);
            return (m.getYear() - current.getYear()) * 12 + m.getMonthValue() - current.getMonthValue();
        }

        static boolean weekday(LocalDate d) {
            return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
        }

        static boolean lastWorkingDay(LocalDate d) {
            LocalDate next = d.plusDays(1);
            while (!weekday(next)) {
                next = next.plusDays(1);
            }
            return next.getMonth() != d.getMonth();
        }

        static Instant at(LocalDate d, int hour, int minute) {
            return d.atTime(hour, minute).atZone(OFFICE).toInstant();
        }

        static LocalDate localDate(Instant t) {
            return t.atZone(OFFICE).toLocalDate();
        }

        /** The same pseudo-random choices for the same thing, whichever run writes it. */
        static SplittableRandom random(String what) {
            return new SplittableRandom(what.hashCode() * 0x9E3779B97F4A7C15L);
        }
    }
}
