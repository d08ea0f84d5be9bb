package io.esteira.costs;

import static io.esteira.support.Personas.ADMIN;

import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.support.Personas;
import io.esteira.support.PostgresIntegrationTest;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Not a test: a measurement, run on demand with
 * {@code ./mvnw -o test -Dtest=CostLedgerBenchmark -Desteira.it.database=cost_bench} (PostgreSQL, a fresh
 * database; about 20 GB of disk; seeding takes about 40 min on 2 cores: add {@code -Desteira.it.keep-database=true} to
 * measure again on the data seeded before). 50 areas and 5,000 resources (137 workspaces with a vCPU and a memory line
 * per hour, 4,863 deployments with a replica line) used every hour of the last 365 days: about 45M hourly
 * ledger lines, written as the rating writes them (the same rates, quantities and amounts, checked by the
 * close, which rates a month again from the usage intervals), with their daily rollups. Then:
 * an area's {@code /costs} data (the totals the page reads and the forecast) for this month and the last,
 * p50/p95 over {@code esteira.bench.rounds} rounds (goal p95 < 500 ms); the close of the oldest whole
 * month (3.7M lines rated again, statements issued; goal < 5 min) and of the next (which also looks for
 * corrections of the first); one area's PDF statement (goal < 3 s); and the month's FOCUS CSV for finance
 * streamed (goal < 60 s, constant memory: the heap's peak while it streams is reported). Written to
 * target/benchmarks/cost-ledger.txt.
 */
@PostgresIntegrationTest
class CostLedgerBenchmark {

    private static final int AREAS = 50;
    private static final int RESOURCES = 5_000;
    private static final int WORKSPACES = 137;
    private static final int DAYS = Integer.getInteger("esteira.bench.days", 365);
    private static final int ROUNDS = Integer.getInteger("esteira.bench.rounds", 30);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AreaService areas;
    @Autowired
    Personas personas;
    @Autowired
    CostLedger ledger;
    @Autowired
    CostForecasts forecasts;
    @Autowired
    SharedPools pools;
    @Autowired
    MonthlyClose close;
    @Autowired
    Statements statements;

    private final List<String> report = new ArrayList<>();

    @Test
    void aYearOf45MillionHourlyLines() throws Exception {
        Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant first = today.minus(Duration.ofDays(DAYS));
        line("%s at %s on %d cores, Java %s, max heap %d MB", getClass().getSimpleName(), Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        List<UUID> areaIds = personas.call(ADMIN, this::fiftyAreas);
        long t0 = System.nanoTime();
        Long seeded = jdbc.queryForObject("select case when to_regclass('bench_resource') is null then 0 else (select count(*) from cost_line) end",
                Long.class);
        long expected = (long) (WORKSPACES * 2 + RESOURCES - WORKSPACES) * 24 * DAYS;
        if (seeded == null || seeded < expected * 9 / 10) {
            seed(areaIds, first, today);
        } else {
            line("the ledger seeded before is kept (-Desteira.it.keep-database=true)");
        }
        if (jdbc.queryForObject("select count(*) from cost_day", Long.class) == 0) {
            long r0 = System.nanoTime();
            personas.run(ADMIN, () -> ledger.rollUp(first, today));
            line("daily rollups of the year built in %.0f s", seconds(r0));
            jdbc.update("update cost_rating_state set watermark = ?, rated_at = ? where id = 1", Timestamp.from(today),
                    Timestamp.from(Instant.now()));
            jdbc.execute("analyze");
        }
        long lines = jdbc.queryForObject("select count(*) from cost_line", Long.class);
        line("seeded %,d hourly lines and %,d daily rollup rows in %.0f s", lines, jdbc.queryForObject("select count(*) from cost_day",
                Long.class), seconds(t0));

        UUID area = areaIds.get(7);
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        for (YearMonth m : List.of(thisMonth, thisMonth.minusMonths(1))) {
            double[] ms = personas.call(ADMIN, () -> measure(() -> costsPage(area, m)));
            line("/costs data of one area, %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d rounds)", m, pct(ms, 0.5), pct(ms, 0.95),
                    ms[ms.length - 1], ms.length);
        }

        YearMonth oldest = YearMonth.from(first.atZone(ZoneOffset.UTC)).plusMonths(1);
        for (YearMonth m : List.of(oldest.plusMonths(1), oldest)) {
            reopen(m); // closed by an earlier run on a kept database: measured again
        }
        for (YearMonth m : List.of(oldest, oldest.plusMonths(1))) {
            long monthLines = jdbc.queryForObject("select count(*) from cost_line where month_start = ?", Long.class, m.atDay(1));
            BigDecimal before = jdbc.queryForObject("select sum(amount) from cost_line where month_start = ?", BigDecimal.class, m.atDay(1));
            long c0 = System.nanoTime();
            MonthlyClose.CloseResult closed = personas.call(ADMIN, () -> close.close(m));
            double took = seconds(c0);
            BigDecimal after = closed.statements().stream().map(StatementView::ledgerExact).reduce(BigDecimal.ZERO, BigDecimal::add);
            line("close of %s (%,d lines rated again, %d statements, %d corrections%s): %.1f s; ledger %s before, %s on the statements%s", m,
                    monthLines, closed.statements().size(), closed.corrections(), m.equals(oldest) ? "" : ", the month before compared",
                    took, before, after, before.compareTo(after) == 0 ? "" : "  << MISMATCH: the seed is not what rating gives");
        }

        StatementView statement = personas.call(ADMIN, () -> statements.list(area)).getFirst();
        double[] pdf = personas.call(ADMIN, () -> measure(5, () -> statements.pdf(statement.number())));
        line("PDF statement %s (%,d ledger lines): p50 %.0f ms, max %.0f ms", statement.number(), statement.ledgerLines(), pct(pdf, 0.5),
                pdf[pdf.length - 1]);

        Statements.Export export = personas.call(ADMIN, () -> statements.focusCsvOfMonth(oldest));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(heapBefore);
        AtomicLong peakAfterGc = new AtomicLong(afterGc());
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakAfterGc.accumulateAndGet(afterGc(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CountingStream out = new CountingStream();
        long f0 = System.nanoTime();
        export.writeTo(out);
        double focus = seconds(f0);
        sampler.interrupt();
        line("FOCUS CSV of %s for finance: %,d rows, %,d MB in %.1f s; heap %d MB before, peak %d MB used (garbage included) and "
                + "%d MB live after a collection while streaming, under a maximum heap of %d MB", oldest, out.rows, out.bytes >> 20, focus,
                heapBefore >> 20, peak.get() >> 20, peakAfterGc.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);

        Files.createDirectories(Path.of("target/benchmarks"));
        Files.write(Path.of("target/benchmarks/cost-ledger.txt"), report);
    }

    /** The heap that the last collection of each heap pool left: what the export holds, without its garbage. */
    private static long afterGc() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .map(java.lang.management.MemoryPoolMXBean::getCollectionUsage).filter(java.util.Objects::nonNull)
                .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
    }

    /** Undoes a close of the benchmark's own (statements, totals, corrections), so that the same month can be closed again. */
    private void reopen(YearMonth m) {
        jdbc.update("delete from cost_statement_line where statement_id in (select id from cost_statement where month_start = ?)", m.atDay(1));
        jdbc.update("delete from cost_statement where month_start = ?", m.atDay(1));
        jdbc.update("delete from cost_month_total where month_start = ?", m.atDay(1));
        jdbc.update("delete from cost_correction where month_start = ?", m.atDay(1));
        jdbc.update("delete from cost_month where month_start = ?", m.atDay(1));
    }

    /** What /costs reads on opening an area's month. */
    private void costsPage(UUID area, YearMonth m) {
        Instant from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ledger.totals(area, from, to, CostTotal.Granularity.DAY, null);
        forecasts.forecast(area, m);
        // month over month: the month and the five before it by kind
        ledger.totals(area, m.minusMonths(5).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), to, CostTotal.Granularity.MONTH,
                CostTotal.By.KIND);
        List<CostTotal> people = List.of();
        for (CostTotal.By by : List.of(CostTotal.By.KIND, CostTotal.By.PERSON, CostTotal.By.MODEL, CostTotal.By.RESOURCE_GROUP)) {
            List<CostTotal> rows = ledger.totals(area, from, to, CostTotal.Granularity.MONTH, by);
            people = by == CostTotal.By.PERSON ? rows : people;
        }
        pools.shares(area, m);
        // one drill-down, as a manager opens the first person's row
        if (!people.isEmpty()) {
            ledger.totals(area, from, to, CostTotal.Granularity.MONTH, CostTotal.By.RESOURCE_GROUP, new CostTotal.Within(CostTotal.By.PERSON,
                    people.getFirst().key()));
        }
    }

    private List<UUID> fiftyAreas() {
        List<UUID> ids = new ArrayList<>(areas.list(null, PageRequest.of(0, 1000)).getContent().stream().map(AreaSummary::id).toList());
        for (int i = ids.size(); i < AREAS; i++) {
            ids.add(areas.create(new AreaDraft("BENCH" + i, "Bench area " + i, "CC-B" + i, new BigDecimal("100000"), "EUR", true)).id());
        }
        return ids.subList(0, AREAS);
    }

    private void seed(List<UUID> areaIds, Instant first, Instant end) {
        jdbc.execute("drop table if exists bench_resource");
        jdbc.execute("create table bench_resource (usage_id uuid, area_id uuid, kind varchar(32), source_type varchar(32), resource_id uuid, "
                + "name varchar(200), person_id uuid, person_name varchar(200), sku varchar(80), held numeric(20, 6), rate_id uuid, "
                + "unit varchar(40), price numeric(24, 10))");
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> records = new ArrayList<>();
        for (int r = 0; r < RESOURCES; r++) {
            UUID areaId = areaIds.get(r % AREAS);
            boolean workspace = r < WORKSPACES;
            UUID usage = UUID.randomUUID();
            UUID resource = UUID.randomUUID();
            UUID person = UUID.nameUUIDFromBytes(("person-" + (r % AREAS) + "-" + (r / AREAS % 10)).getBytes());
            String personName = "Person " + (r / AREAS % 10) + " of area " + (r % AREAS);
            String name = (workspace ? "notebook-" : "scoring-service-") + r;
            String sourceType = workspace ? "workspace" : "deployment";
            records.add(new Object[] {usage, areaId, sourceType, resource, name, person, personName, Timestamp.from(first),
                    Timestamp.from(end)});
            List<String[]> skus = workspace ? List.of(new String[] {Sku.VCPU_HOUR, "4"}, new String[] {Sku.MEMORY_GIB_HOUR, "16"})
                    : List.<String[]>of(new String[] {Sku.REPLICA_HOUR, "2"});
            for (String[] sku : skus) {
                rows.add(new Object[] {usage, areaId, workspace ? "WORKSPACE" : "DEPLOYMENT", sourceType, resource, name, person, personName,
                        sku[0], new BigDecimal(sku[1])});
            }
        }
        jdbc.batchUpdate("insert into usage_record (id, area_id, source_type, source_id, source_name, owner_id, owner_name, sku, vcpu, "
                + "memory_gib, gpu_type, gpu_count, disk_gib, started_at, ended_at, end_reason) values (?, ?, ?, ?, ?, ?, ?, 'bench', 0, 0, "
                + "null, 0, 0, ?, ?, 'bench')", records);
        jdbc.batchUpdate("insert into bench_resource (usage_id, area_id, kind, source_type, resource_id, name, person_id, person_name, sku, "
                + "held) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        jdbc.update("insert into usage_quantity (usage_record_id, sku, held) select usage_id, sku, held from bench_resource");
        // the prices rating picks: the platform's EUR price of each SKU at that time
        jdbc.update("update bench_resource b set rate_id = p.id, unit = p.unit, price = p.unit_price from rate_price p where p.sku = b.sku "
                + "and p.area_id is null and p.currency = 'EUR' and p.effective_from = (select max(q.effective_from) from rate_price q "
                + "where q.sku = p.sku and q.area_id is null and q.currency = 'EUR' and q.effective_from <= ?)", Timestamp.from(first));

        // bulk load without the indexes, then build them (as one would restore a ledger)
        List<String> constraints = jdbc.queryForList("select 'alter table cost_line add constraint ' || conname || ' ' || "
                + "pg_get_constraintdef(oid) from pg_constraint where conrelid = 'cost_line'::regclass and contype in ('p', 'u')", String.class);
        List<String> indexes = jdbc.queryForList("select indexdef from pg_indexes where tablename = 'cost_line' and indexname not in "
                + "(select conname from pg_constraint where conrelid = 'cost_line'::regclass)", String.class);
        jdbc.queryForList("select indexname from pg_indexes where tablename = 'cost_line' and indexname not in "
                + "(select conname from pg_constraint where conrelid = 'cost_line'::regclass)", String.class)
                .forEach(i -> jdbc.execute("drop index " + i));
        jdbc.queryForList("select conname from pg_constraint where conrelid = 'cost_line'::regclass and contype in ('p', 'u')", String.class)
                .forEach(c -> jdbc.execute("alter table cost_line drop constraint " + c));
        for (Instant day = first; day.isBefore(end); day = day.plus(Duration.ofDays(30))) {
            Instant until = day.plus(Duration.ofDays(30)).isBefore(end) ? day.plus(Duration.ofDays(30)) : end;
            long d0 = System.nanoTime();
            jdbc.update("insert into cost_line (id, area_id, hour_start, day_start, month_start, resource_kind, resource_id, resource_name, "
                    + "person_id, person_name, sku, rate_id, quantity, unit, unit_price, amount, currency, rated_at) "
                    + "select gen_random_uuid(), b.area_id, h, cast(h at time zone 'UTC' as date), "
                    + "cast(date_trunc('month', h at time zone 'UTC') as date), b.kind, b.resource_id, b.name, b.person_id, b.person_name, "
                    + "b.sku, b.rate_id, b.held, b.unit, b.price, b.held * b.price, 'EUR', now() from bench_resource b "
                    + "cross join generate_series(cast(? as timestamptz), cast(? as timestamptz) - interval '1 hour', interval '1 hour') h "
                    + "order by h", // as rating stores them: a day's lines together
                    Timestamp.from(day), Timestamp.from(until));
            System.out.printf("seeded %s to %s in %.0f s%n", day, until, seconds(d0));
        }
        long i0 = System.nanoTime();
        constraints.forEach(jdbc::execute);
        indexes.forEach(jdbc::execute);
        line("indexes of the ledger built in %.0f s", seconds(i0));
    }

    private static final class CountingStream extends OutputStream {
        long bytes;
        long rows;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                rows++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    rows++;
                }
            }
        }
    }

    private double[] measure(Runnable work) {
        return measure(ROUNDS, work);
    }

    private double[] measure(int rounds, Runnable work) {
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void line(String format, Object... args) {
        String l = String.format(format, args);
        System.out.println(l);
        report.add(l);
    }
}
