package io.esteira.costs;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CloseEvents.MonthClosed;
import io.esteira.costs.CloseEvents.StatementIssued;
import io.esteira.costs.StatementLine.Section;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monthly close: rates what is left of a month that is over, finds corrections of the months closed
 * before it (what their frozen lines lack, e.g. an interval closed late), distributes the shared pools,
 * locks the month (the ledger never rates it again) and issues one numbered statement per area. A closed
 * month never changes; closing it again does nothing.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("hasRole('ADMIN')")
public class MonthlyClose {

    private final NamedParameterJdbcTemplate jdbc;
    private final CostLedger ledger;
    private final SharedPools pools;
    private final AreaService areas;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int correctionMonths;

    MonthlyClose(NamedParameterJdbcTemplate jdbc, CostLedger ledger, SharedPools pools, AreaService areas, ApplicationEventPublisher events,
            Clock clock, @Value("${esteira.costs.correction-months:3}") int correctionMonths) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.pools = pools;
        this.areas = areas;
        this.events = events;
        this.clock = clock;
        this.correctionMonths = correctionMonths;
    }

    /** What a close did (or found already done). */
    public record CloseResult(YearMonth month, boolean alreadyClosed, Instant closedAt, String closedBy, int corrections,
            List<MonthTotal> totals, List<StatementView> statements) {
    }

    /** Per currency: the areas' statements, the pools' cents no area carries, and the platform total (their sum). */
    public record MonthTotal(String currency, BigDecimal areasTotal, BigDecimal unallocated, BigDecimal platformTotal) {
    }

    /** A group of ledger lines that becomes one statement line. */
    private record Group(UUID areaId, Section section, LocalDate correctedMonth, ResourceKind kind, String sku, UUID personId,
            String personName, String resourceNames, String unit, BigDecimal quantity, BigDecimal exact, long lines) {
    }

    private record Key(Instant hour, String kind, UUID resourceId, String sku) {
    }

    private static final class Base {
        UUID areaId;
        String resourceName;
        UUID personId;
        String personName;
        String unit;
        BigDecimal unitPrice;
        String currency;
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal amount = BigDecimal.ZERO;
    }

    static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The last month that is over (the one the job closes). */
    public YearMonth lastMonthOver() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1);
    }

    /** Closes a month that is over (administrators, or the close job as the system); idempotent. */
    @Transactional
    public CloseResult close(YearMonth month) {
        if (month == null) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM");
        }
        Instant now = clock.instant();
        Instant from = start(month);
        Instant to = start(month.plusMonths(1));
        if (to.isAfter(now)) {
            throw new InvalidRequestException("month", month + " is not over: it can be closed from " + to);
        }
        // one close (and one rating) at a time, across nodes
        jdbc.getJdbcOperations().query("select watermark from cost_rating_state where id = 1 for update", rs -> {
        });
        if (pools.isClosed(month)) {
            return result(month, true, 0);
        }
        ledger.rate(from, to);
        int corrections = corrections(month, now);

        Map<UUID, AreaSummary> byId = new LinkedHashMap<>();
        areas.list(null, PageRequest.of(0, 10_000)).getContent().stream().sorted(Comparator.comparing(AreaSummary::code))
                .forEach(a -> byId.put(a.id(), a));
        MapSqlParameterSource m = new MapSqlParameterSource("month", month.atDay(1));
        List<Group> groups = new ArrayList<>();
        // from the daily rollup, the exact sums of the month's lines (rating has just rebuilt every day it changed)
        m.addValue("next", month.plusMonths(1).atDay(1));
        jdbc.query("select area_id, resource_kind, sku, person_id, max(person_name) as person_name, max(resource_name) as resource_name, "
                + "count(distinct resource_id) as resources, sum(quantity) as quantity, sum(amount) as amount, sum(line_count) as n "
                + "from cost_day where day_start >= :month and day_start < :next group by area_id, resource_kind, sku, person_id", m,
                rs -> {
                    String sku = rs.getString("sku");
                    groups.add(new Group(rs.getObject("area_id", UUID.class), Section.DIRECT, null, ResourceKind.valueOf(rs.getString(
                            "resource_kind")), sku, rs.getObject("person_id", UUID.class), rs.getString("person_name"),
                            resources(rs.getString("resource_name"), rs.getLong("resources")), Sku.unit(sku).orElse(""),
                            rs.getBigDecimal("quantity"), rs.getBigDecimal("amount"), rs.getLong("n")));
                });
        jdbc.query("select area_id, corrected_month, resource_kind, sku, person_id, max(person_name) as person_name, "
                + "max(resource_name) as resource_name, count(distinct resource_id) as resources, max(unit) as unit, "
                + "sum(quantity) as quantity, sum(amount) as amount, count(*) as n from cost_correction where month_start = :month "
                + "group by area_id, corrected_month, resource_kind, sku, person_id", m, rs -> {
                    groups.add(new Group(rs.getObject("area_id", UUID.class), Section.CORRECTION, rs.getObject("corrected_month",
                            LocalDate.class), ResourceKind.valueOf(rs.getString("resource_kind")), rs.getString("sku"),
                            rs.getObject("person_id", UUID.class), rs.getString("person_name"), resources(rs.getString("resource_name"),
                            rs.getLong("resources")), rs.getString("unit"), rs.getBigDecimal("quantity"), rs.getBigDecimal("amount"),
                            rs.getLong("n")));
                });
        Map<UUID, BigDecimal> direct = new HashMap<>();
        groups.stream().filter(g -> g.section() == Section.DIRECT).forEach(g -> direct.merge(g.areaId(), g.exact(), BigDecimal::add));

        // each area's month in the currency its lines are in (a currency changed during the month applies from the next)
        Map<UUID, String> billedIn = new HashMap<>(ledger.billedIn(month.atDay(1)));
        byId.values().forEach(a -> billedIn.putIfAbsent(a.id(), currencyOf(a)));

        // the pools: shares per area (each pool in its currency, over the areas billed in it) and what no area carries
        Map<UUID, List<StatementLine>> poolLines = new HashMap<>();
        Map<String, BigDecimal> unallocated = new TreeMap<>();
        for (SharedPool pool : pools.load(month)) {
            List<UUID> eligible = byId.values().stream().filter(a -> a.active() && billedIn.get(a.id()).equals(pool.currency()))
                    .map(AreaSummary::id).toList();
            PoolAllocation.Result r = PoolAllocation.allocate(pool.amount(), pool.rule(), eligible, direct, new TreeMap<>(pool.shares()));
            BigDecimal left = r.unallocated();
            for (Map.Entry<UUID, BigDecimal> share : r.shares().entrySet()) {
                AreaSummary area = byId.get(share.getKey());
                if (area == null || !billedIn.get(area.id()).equals(pool.currency())) {
                    left = left.add(share.getValue());
                } else if (share.getValue().signum() != 0) {
                    String how = PoolAllocation.how(pool.rule(), eligible.size(), pool.shares().get(share.getKey()));
                    poolLines.computeIfAbsent(share.getKey(), k -> new ArrayList<>()).add(new StatementLine(0, Section.POOL, null, null,
                            null, null, "Shared: " + pool.name() + " (" + StatementPdf.money(pool.amount()) + " " + pool.currency() + ", " + how
                                    + ")", null, null, share.getValue().setScale(Rating.SCALE), share.getValue()));
                }
            }
            unallocated.merge(pool.currency(), left, BigDecimal::add);
        }

        // the statements, numbered by area code
        List<UUID> billed = byId.keySet().stream().filter(id -> poolLines.containsKey(id) || groups.stream().anyMatch(g -> g.areaId()
                .equals(id))).toList();
        String who = CurrentUser.require().username();
        Map<String, String> hashes = new LinkedHashMap<>();
        Map<String, BigDecimal> areasTotal = new TreeMap<>();
        int seq = 0;
        List<StatementIssued> issued = new ArrayList<>();
        for (UUID areaId : billed) {
            AreaSummary area = byId.get(areaId);
            seq++;
            String number = String.format("ST-%s-%s-%04d", month, area.code(), seq);
            List<Group> own = groups.stream().filter(g -> g.areaId().equals(areaId))
                    .sorted(Comparator.comparing(Group::section).thenComparing(g -> String.valueOf(g.correctedMonth()))
                            .thenComparing(Group::kind).thenComparing(Group::sku)
                            .thenComparing(g -> String.valueOf(g.personName())).thenComparing(g -> String.valueOf(g.personId())))
                    .toList();
            List<BigDecimal> cents = Cents.round(own.stream().map(Group::exact).toList());
            List<StatementLine> lines = new ArrayList<>();
            BigDecimal directTotal = BigDecimal.ZERO.setScale(Cents.SCALE);
            BigDecimal correctionTotal = BigDecimal.ZERO.setScale(Cents.SCALE);
            BigDecimal exact = BigDecimal.ZERO.setScale(Rating.SCALE);
            long count = 0;
            for (int i = 0; i < own.size(); i++) {
                Group g = own.get(i);
                lines.add(new StatementLine(lines.size() + 1, g.section(), g.kind(), g.sku(), g.personName(),
                        g.correctedMonth() == null ? null : YearMonth.from(g.correctedMonth()), describe(g), g.quantity(), g.unit(),
                        g.exact(), cents.get(i)));
                if (g.section() == Section.DIRECT) {
                    directTotal = directTotal.add(cents.get(i));
                } else {
                    correctionTotal = correctionTotal.add(cents.get(i));
                }
                exact = exact.add(g.exact());
                count += g.lines();
            }
            BigDecimal poolTotal = BigDecimal.ZERO.setScale(Cents.SCALE);
            for (StatementLine p : poolLines.getOrDefault(areaId, List.of())) {
                lines.add(new StatementLine(lines.size() + 1, p.section(), null, null, null, null, p.description(), null, null,
                        p.exactAmount(), p.amount()));
                poolTotal = poolTotal.add(p.amount());
            }
            StatementView draft = new StatementView(number, month, areaId, area.code(), area.name(), area.costCenter(), billedIn.get(areaId),
                    directTotal, correctionTotal, poolTotal, directTotal.add(correctionTotal).add(poolTotal), exact, count, "", now, who);
            String sha = StatementHash.of(draft, lines);
            store(draft, sha, seq, lines);
            hashes.put(number, sha);
            areasTotal.merge(draft.currency(), draft.total(), BigDecimal::add);
            issued.add(new StatementIssued(number, areaId, month, draft.total(), draft.currency(), sha, Trace.capture(clock)));
        }
        Map<String, BigDecimal> platform = new TreeMap<>();
        for (String currency : union(areasTotal, unallocated)) {
            BigDecimal a = areasTotal.getOrDefault(currency, BigDecimal.ZERO.setScale(Cents.SCALE));
            BigDecimal u = unallocated.getOrDefault(currency, BigDecimal.ZERO.setScale(Cents.SCALE));
            platform.put(currency, a.add(u));
            jdbc.update("insert into cost_month_total (month_start, currency, areas_total, unallocated, platform_total) values "
                    + "(:month, :currency, :areas, :unallocated, :platform)", new MapSqlParameterSource("month", month.atDay(1))
                    .addValue("currency", currency).addValue("areas", a).addValue("unallocated", u).addValue("platform", a.add(u)));
        }
        MapSqlParameterSource closing = new MapSqlParameterSource("month", month.atDay(1)).addValue("at", Timestamp.from(now))
                .addValue("by", who);
        if (jdbc.update("update cost_month set closed_at = :at, closed_by = :by where month_start = :month", closing) == 0) {
            jdbc.update("insert into cost_month (month_start, closed_at, closed_by) values (:month, :at, :by)", closing);
        }
        issued.forEach(events::publishEvent);
        events.publishEvent(new MonthClosed(month, hashes, platform, unallocated, corrections, Trace.capture(clock)));
        return result(month, false, corrections);
    }

    private static List<String> union(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        return List.copyOf(keys.keySet());
    }

    private static String currencyOf(AreaSummary area) {
        return area.monthlyBudget().currency().getCurrencyCode();
    }

    private static String resources(String name, long count) {
        return count <= 1 ? name : name + " and " + (count - 1) + " more";
    }

    private static String describe(Group g) {
        String person = g.personName() == null ? "no person" : g.personName();
        String what = label(g.kind()) + " · " + g.sku() + " · " + person + " · " + g.resourceNames();
        return g.section() == Section.CORRECTION ? "Correction of " + YearMonth.from(g.correctedMonth()) + ": " + what : what;
    }

    static String label(ResourceKind kind) {
        return switch (kind) {
            case WORKSPACE -> "Workspaces";
            case WORKSPACE_DISK -> "Workspace disks";
            case SCHEDULE_RUN -> "Scheduled queries";
            case BATCH_RUN -> "Batch scoring";
            case DEPLOYMENT -> "Deployments (replicas)";
            case PREDICTIONS -> "Predictions";
            case STORAGE -> "Storage";
            case TRAINING_RUN -> "Training runs";
        };
    }

    private void store(StatementView s, String sha, int seq, List<StatementLine> lines) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into cost_statement (id, statement_number, month_start, seq, area_id, area_code, area_name, cost_center, "
                + "currency, direct_total, correction_total, pool_total, total, ledger_exact, ledger_lines, sha256, issued_at, issued_by) "
                + "values (:id, :number, :month, :seq, :area, :code, :name, :costCenter, :currency, :direct, :corrections, :pools, :total, "
                + ":exact, :lines, :sha, :at, :by)", new MapSqlParameterSource("id", id).addValue("number", s.number())
                .addValue("month", s.month().atDay(1)).addValue("seq", seq).addValue("area", s.areaId()).addValue("code", s.areaCode())
                .addValue("name", s.areaName()).addValue("costCenter", s.costCenter()).addValue("currency", s.currency())
                .addValue("direct", s.directTotal()).addValue("corrections", s.correctionTotal()).addValue("pools", s.poolTotal())
                .addValue("total", s.total()).addValue("exact", s.ledgerExact()).addValue("lines", s.ledgerLines()).addValue("sha", sha)
                .addValue("at", Timestamp.from(s.issuedAt())).addValue("by", s.issuedBy()));
        List<MapSqlParameterSource> batch = lines.stream().map(l -> new MapSqlParameterSource("statement", id).addValue("no", l.lineNo())
                .addValue("section", l.section().name()).addValue("kind", l.kind() == null ? null : l.kind().name())
                .addValue("sku", l.sku()).addValue("person", cut(l.personName(), 200))
                .addValue("corrected", l.correctedMonth() == null ? null : l.correctedMonth().atDay(1))
                .addValue("description", cut(l.description(), 300)).addValue("quantity", l.quantity()).addValue("unit", l.unit())
                .addValue("exact", l.exactAmount()).addValue("amount", l.amount())).toList();
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("insert into cost_statement_line (statement_id, line_no, section, resource_kind, sku, person_name, "
                    + "corrected_month, description, quantity, unit, exact_amount, amount) values (:statement, :no, :section, :kind, :sku, "
                    + ":person, :corrected, :description, :quantity, :unit, :exact, :amount)", batch.toArray(MapSqlParameterSource[]::new));
        }
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * Compares the closed months before {@code month} (within the configured reach) with what rating gives
     * for them now and records the differences as corrections carried by {@code month}.
     */
    private int corrections(YearMonth month, Instant now) {
        List<LocalDate> closed = jdbc.query("select month_start from cost_month where closed_at is not null and month_start >= :first "
                + "and month_start < :month order by month_start", new MapSqlParameterSource("first", month.minusMonths(correctionMonths)
                .atDay(1)).addValue("month", month.atDay(1)), (rs, i) -> rs.getObject(1, LocalDate.class));
        int found = 0;
        for (LocalDate c : closed) {
            YearMonth corrected = YearMonth.from(c);
            Map<UUID, String> billedIn = ledger.billedIn(c);
            // a day at a time: a closed month of a large platform has millions of lines
            for (Instant day = start(corrected); day.isBefore(start(corrected.plusMonths(1))); day = day.plus(Duration.ofDays(1))) {
                found += corrections(month, corrected, day, day.plus(Duration.ofDays(1)), now, billedIn);
            }
        }
        return found;
    }

    private int corrections(YearMonth month, YearMonth corrected, Instant from, Instant to, Instant now, Map<UUID, String> billedIn) {
        Map<Key, Base> base = new LinkedHashMap<>();
        MapSqlParameterSource m = new MapSqlParameterSource("month", corrected.atDay(1)).addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to));
        jdbc.query("select hour_start, resource_kind, resource_id, sku, area_id, resource_name, person_id, person_name, unit, unit_price, "
                + "currency, quantity, amount from cost_line where hour_start >= :from and hour_start < :to union all select hour_start, "
                + "resource_kind, resource_id, sku, area_id, resource_name, person_id, person_name, unit, unit_price, currency, quantity, "
                + "amount from cost_correction where corrected_month = :month and hour_start >= :from and hour_start < :to", m, rs -> {
                    Base b = base.computeIfAbsent(new Key(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getString(4)), k -> new Base());
                    b.areaId = rs.getObject(5, UUID.class);
                    b.resourceName = rs.getString(6);
                    b.personId = rs.getObject(7, UUID.class);
                    b.personName = rs.getString(8);
                    b.unit = rs.getString(9);
                    b.unitPrice = rs.getBigDecimal(10);
                    b.currency = rs.getString(11);
                    b.quantity = b.quantity.add(rs.getBigDecimal(12));
                    b.amount = b.amount.add(rs.getBigDecimal(13));
                });
        List<MapSqlParameterSource> batch = new ArrayList<>();
        for (HourlyRater.Line l : ledger.rateWithoutStoring(from, to, billedIn)) {
            Base b = base.remove(new Key(l.hourStart(), l.kind().name(), l.resourceId(), l.sku()));
            BigDecimal q = l.quantity().subtract(b == null ? BigDecimal.ZERO : b.quantity);
            BigDecimal a = l.amount().subtract(b == null ? BigDecimal.ZERO : b.amount);
            if (q.signum() != 0 || a.signum() != 0) {
                batch.add(correction(month, corrected, l.hourStart(), l.kind().name(), l.resourceId(), l.sku(), l.areaId(),
                        l.resourceName(), l.personId(), l.personName(), l.unit(), l.unitPrice(), l.currency(), q, a, now));
            }
        }
        base.forEach((k, b) -> {
            if (b.quantity.signum() != 0 || b.amount.signum() != 0) {
                batch.add(correction(month, corrected, k.hour(), k.kind(), k.resourceId(), k.sku(), b.areaId, b.resourceName,
                        b.personId, b.personName, b.unit, b.unitPrice, b.currency, b.quantity.negate(), b.amount.negate(), now));
            }
        });
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("insert into cost_correction (id, area_id, month_start, corrected_month, hour_start, resource_kind, "
                    + "resource_id, resource_name, person_id, person_name, sku, quantity, unit, unit_price, amount, currency, found_at) "
                    + "values (:id, :area, :month, :corrected, :hour, :kind, :resource, :name, :person, :personName, :sku, :quantity, "
                    + ":unit, :price, :amount, :currency, :now)", batch.toArray(MapSqlParameterSource[]::new));
        }
        return batch.size();
    }

    private static MapSqlParameterSource correction(YearMonth month, YearMonth corrected, Instant hour, String kind, UUID resource,
            String sku, UUID area, String name, UUID person, String personName, String unit, BigDecimal price, String currency,
            BigDecimal quantity, BigDecimal amount, Instant now) {
        return new MapSqlParameterSource("id", UUID.randomUUID()).addValue("area", area).addValue("month", month.atDay(1))
                .addValue("corrected", corrected.atDay(1)).addValue("hour", Timestamp.from(hour)).addValue("kind", kind)
                .addValue("resource", resource).addValue("name", Objects.requireNonNullElse(cut(name, 200), "?"))
                .addValue("person", person).addValue("personName", cut(personName, 200)).addValue("sku", sku)
                .addValue("quantity", quantity).addValue("unit", unit).addValue("price", price).addValue("amount", amount)
                .addValue("currency", currency).addValue("now", Timestamp.from(now));
    }

    private CloseResult result(YearMonth month, boolean already, int corrections) {
        MapSqlParameterSource m = new MapSqlParameterSource("month", month.atDay(1));
        List<Object[]> closedBy = jdbc.query("select closed_at, closed_by from cost_month where month_start = :month", m,
                (rs, i) -> new Object[] {rs.getTimestamp(1), rs.getString(2)});
        Instant at = closedBy.isEmpty() || closedBy.getFirst()[0] == null ? null : ((Timestamp) closedBy.getFirst()[0]).toInstant();
        String by = closedBy.isEmpty() ? null : (String) closedBy.getFirst()[1];
        List<MonthTotal> totals = jdbc.query("select * from cost_month_total where month_start = :month order by currency", m,
                (rs, i) -> new MonthTotal(rs.getString("currency"), rs.getBigDecimal("areas_total"), rs.getBigDecimal("unallocated"),
                        rs.getBigDecimal("platform_total")));
        int n = already ? jdbc.queryForObject("select count(*) from cost_correction where month_start = :month", m, Integer.class)
                : corrections;
        return new CloseResult(month, already, at, by, n, totals, Statements.statements(jdbc, "where month_start = :month order by seq", m));
    }
}
