package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostEvents.HoursRated;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hourly rated ledger: rating (usage intervals and counted usage into one line per hour, resource
 * and SKU, priced by the rate card at that hour) and reading it (lines, and day or month totals that
 * are exact sums of the lines). Rating an hour again replaces its lines with the same numbers unless
 * the usage changed (a late event); a new price never reaches a past hour, because prices apply from
 * a coming hour; a closed month is never rated again.
 * <p>
 * Who reads what: administrators every area; an area's managers all of its lines; its other members
 * their own lines; everybody else is told the area is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class CostLedger {

    private static final Logger log = LoggerFactory.getLogger(CostLedger.class);
    private static final Duration HOUR = Duration.ofHours(1);
    static final Duration MAX_RANGE = Duration.ofDays(400);
    private static final Duration CHUNK = Duration.ofDays(1);

    private final NamedParameterJdbcTemplate jdbc;
    private final RateCard rateCard;
    private final RatingDue due;
    private final AreaService areas;
    private final AreaAccess access;
    private final ObjectProvider<CountedUsage> counted;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CostLedger(NamedParameterJdbcTemplate jdbc, RateCard rateCard, RatingDue due, AreaService areas, AreaAccess access,
            ObjectProvider<CountedUsage> counted, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.rateCard = rateCard;
        this.due = due;
        this.areas = areas;
        this.access = access;
        this.counted = counted;
        this.events = events;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- rating

    /**
     * Rates (again) the whole hours in {@code [from, to)}, usage counted up to now; hours of closed
     * months are left alone. Audited, since it may change lines.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public RatingResult rate(Instant from, Instant to) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (from == null || !from.equals(RateCard.hourOf(from))) {
            problems.put("from", "Give a whole hour (UTC), e.g. " + RateCard.hourOf(clock.instant()));
        }
        if (to == null || !to.equals(RateCard.hourOf(to))) {
            problems.put("to", "Give a whole hour (UTC), e.g. " + RateCard.hourOf(clock.instant()).plus(HOUR));
        }
        if (problems.isEmpty() && !to.isAfter(from)) {
            problems.put("to", "The end comes after the start");
        }
        if (problems.isEmpty() && Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            problems.put("to", "At most 400 days at a time");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.values().iterator().next(), problems);
        }
        lockRating();
        RatingResult result = rateRange(from, to, clock.instant());
        events.publishEvent(new HoursRated(result.from(), result.to(), result.lines(), Trace.capture(clock)));
        return result;
    }

    /**
     * What the rating job does every few minutes: rates from the hour before the watermark (late
     * prediction-log rows) and from the earliest hour marked due (an interval opened or closed late)
     * to the current hour included, counted up to now, then moves the watermark to the current hour.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public RatingResult rateDue() {
        Instant now = clock.instant();
        Instant current = RateCard.hourOf(now);
        Instant watermark = lockRating();
        RatingDue.Taken taken = due.peek();
        Instant from;
        if (watermark == null) {
            Timestamp earliest = jdbc.getJdbcOperations().queryForObject("select min(started_at) from usage_record", Timestamp.class);
            from = earliest == null ? current : RateCard.hourOf(earliest.toInstant());
        } else {
            from = watermark.minus(HOUR);
        }
        if (taken.earliest() != null && taken.earliest().isBefore(from)) {
            from = taken.earliest();
        }
        if (from.isBefore(current.minus(MAX_RANGE))) {
            from = current.minus(MAX_RANGE);
        }
        RatingResult result = rateRange(from, current.plus(HOUR), now);
        jdbc.update("update cost_rating_state set watermark = :watermark, rated_at = :now where id = 1",
                new MapSqlParameterSource("watermark", Timestamp.from(current)).addValue("now", Timestamp.from(now)));
        due.done(taken.ids());
        return result;
    }

    /** Locks the rating state row (one rater at a time, across nodes); @return the watermark */
    private Instant lockRating() {
        List<Timestamp> rows = jdbc.getJdbcOperations().query("select watermark from cost_rating_state where id = 1 for update",
                (rs, i) -> rs.getTimestamp(1));
        return rows.isEmpty() || rows.getFirst() == null ? null : rows.getFirst().toInstant();
    }

    private RatingResult rateRange(Instant from, Instant to, Instant now) {
        Instant end = to.isAfter(RateCard.hourOf(now).plus(HOUR)) ? RateCard.hourOf(now).plus(HOUR) : to;
        if (!end.isAfter(from)) {
            return new RatingResult(from, to, 0, List.of());
        }
        Set<LocalDate> closed = new HashSet<>(jdbc.getJdbcOperations().query(
                "select month_start from cost_month where closed_at is not null", (rs, i) -> rs.getObject(1, LocalDate.class)));
        // a day at a time, so that a month of a large platform (millions of lines) never sits in memory at once
        int lines = 0;
        Set<String> unpriced = new LinkedHashSet<>();
        Map<LocalDate, Map<UUID, String>> currencies = new HashMap<>();
        for (Instant chunk = from; chunk.isBefore(end); ) {
            Instant nextDay = dayOf(chunk).plus(CHUNK);
            Instant chunkEnd = nextDay.isBefore(end) ? nextDay : end;
            LocalDate month = chunk.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
            RatingResult part = rateChunk(chunk, chunkEnd, now, closed, currencies.computeIfAbsent(month, this::billedIn));
            chunk = chunkEnd;
            lines += part.lines();
            unpriced.addAll(part.unpriced());
        }
        return new RatingResult(from, end, lines, List.copyOf(unpriced));
    }

    /** Rates the hours of one UTC day (or part of one), in each area's currency of that month. */
    private RatingResult rateChunk(Instant from, Instant end, Instant now, Set<LocalDate> closed, Map<UUID, String> billedIn) {
        HourlyRater.Result result = rated(from, end, now, billedIn);
        if (!result.unpriced().isEmpty()) {
            log.warn("Usage left unrated in [{}, {}) for want of a price: {}", from, end, result.unpriced());
        }
        // only what changed is written: rating an unchanged day again (the close, the job's overlap) writes nothing
        Map<LineKey, Stored> stored = stored(from, end);
        int lines = 0;
        Timestamp ratedAt = Timestamp.from(now);
        Set<LocalDate> changedDays = new TreeSet<>();
        List<MapSqlParameterSource> batch = new ArrayList<>();
        List<UUID> gone = new ArrayList<>();
        for (HourlyRater.Line l : result.lines()) {
            LocalDate day = l.hourStart().atZone(ZoneOffset.UTC).toLocalDate();
            if (closed.contains(day.withDayOfMonth(1))) {
                continue;
            }
            lines++;
            Stored before = stored.remove(new LineKey(l.hourStart(), l.kind().name(), l.resourceId(), l.sku()));
            if (before != null && before.sameAs(l)) {
                continue;
            }
            if (before != null) {
                gone.add(before.id());
            }
            changedDays.add(day);
            batch.add(new MapSqlParameterSource("id", UUID.randomUUID()).addValue("area", l.areaId())
                    .addValue("hour", Timestamp.from(l.hourStart())).addValue("day", day).addValue("month", day.withDayOfMonth(1))
                    .addValue("kind", l.kind().name()).addValue("resource", l.resourceId()).addValue("name", cut(l.resourceName()))
                    .addValue("person", l.personId()).addValue("personName", cut(l.personName())).addValue("sku", l.sku())
                    .addValue("rate", l.rateId()).addValue("quantity", l.quantity()).addValue("unit", l.unit())
                    .addValue("price", l.unitPrice()).addValue("amount", l.amount()).addValue("currency", l.currency())
                    .addValue("ratedAt", ratedAt).addValue("model", l.modelId()).addValue("modelName", cut(l.modelName()))
                    .addValue("parent", l.parentId()));
        }
        for (Map.Entry<LineKey, Stored> left : stored.entrySet()) { // usage that is no longer there (a late end, a removed count)
            gone.add(left.getValue().id());
            changedDays.add(left.getKey().hour().atZone(ZoneOffset.UTC).toLocalDate());
        }
        for (int i = 0; i < gone.size(); i += 1000) {
            jdbc.update("delete from cost_line where id in (:ids)", new MapSqlParameterSource("ids", gone.subList(i, Math.min(gone.size(), i + 1000))));
        }
        for (int i = 0; i < batch.size(); i += 1000) {
            jdbc.batchUpdate("insert into cost_line (id, area_id, hour_start, day_start, month_start, resource_kind, resource_id, "
                    + "resource_name, person_id, person_name, sku, rate_id, quantity, unit, unit_price, amount, currency, rated_at, "
                    + "model_id, model_name, parent_id) values "
                    + "(:id, :area, :hour, :day, :month, :kind, :resource, :name, :person, :personName, :sku, :rate, :quantity, :unit, "
                    + ":price, :amount, :currency, :ratedAt, :model, :modelName, :parent)", batch.subList(i, Math.min(batch.size(), i + 1000))
                    .toArray(MapSqlParameterSource[]::new));
        }
        for (LocalDate day : changedDays) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            rollUp(start, start.plus(CHUNK));
        }
        return new RatingResult(from, end, lines, result.unpriced());
    }

    private record LineKey(Instant hour, String kind, UUID resourceId, String sku) {
    }

    /** A stored line of an open month, as rating compares it with what it rates now. */
    private record Stored(UUID id, UUID areaId, String resourceName, UUID personId, String personName, UUID rateId,
            BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal amount, String currency, UUID modelId, String modelName,
            UUID parentId) {

        boolean sameAs(HourlyRater.Line l) {
            return areaId.equals(l.areaId()) && Objects.equals(resourceName, cut(l.resourceName()))
                    && Objects.equals(personId, l.personId()) && Objects.equals(personName, cut(l.personName()))
                    && Objects.equals(rateId, l.rateId()) && quantity.compareTo(l.quantity()) == 0 && unit.equals(l.unit())
                    && unitPrice.compareTo(l.unitPrice()) == 0 && amount.compareTo(l.amount()) == 0 && currency.equals(l.currency())
                    && Objects.equals(modelId, l.modelId()) && Objects.equals(modelName, cut(l.modelName()))
                    && Objects.equals(parentId, l.parentId());
        }
    }

    private Map<LineKey, Stored> stored(Instant from, Instant to) {
        Map<LineKey, Stored> found = new HashMap<>();
        jdbc.query("select id, hour_start, resource_kind, resource_id, sku, area_id, resource_name, person_id, person_name, rate_id, "
                + "quantity, unit, unit_price, amount, currency, model_id, model_name, parent_id from cost_line "
                + "where hour_start >= :from and hour_start < :to "
                + "and not exists (select 1 from cost_month m where m.month_start = cost_line.month_start and m.closed_at is not null)",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                rs -> {
                    found.put(new LineKey(rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5)),
                            new Stored(rs.getObject(1, UUID.class), rs.getObject(6, UUID.class), rs.getString(7),
                                    rs.getObject(8, UUID.class), rs.getString(9), rs.getObject(10, UUID.class), rs.getBigDecimal(11),
                                    rs.getString(12), rs.getBigDecimal(13), rs.getBigDecimal(14), rs.getString(15),
                                    rs.getObject(16, UUID.class), rs.getString(17), rs.getObject(18, UUID.class)));
                });
        return found;
    }

    /**
     * Rebuilds the daily rollup of the UTC days that {@code [from, to)} touches from their hourly lines
     * (all of each day's lines, not only the hours just rated), closed months left alone: a rollup row is
     * always the exact sum of its lines.
     */
    @Transactional
    void rollUp(Instant from, Instant to) {
        LocalDate first = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate last = to.minusNanos(1).atZone(ZoneOffset.UTC).toLocalDate();
        // the hours too, so that the lines are found on the ledger's (hour, ...) index
        MapSqlParameterSource days = new MapSqlParameterSource("first", first).addValue("last", last)
                .addValue("firstHour", Timestamp.from(first.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("endHour", Timestamp.from(last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        String open = " and not exists (select 1 from cost_month m where m.month_start = %s.month_start and m.closed_at is not null)";
        jdbc.update("delete from cost_day where day_start >= :first and day_start <= :last" + open.formatted("cost_day"), days);
        jdbc.update("insert into cost_day (area_id, day_start, month_start, resource_kind, resource_id, resource_name, person_id, "
                + "person_name, sku, currency, quantity, amount, line_count, model_id, model_name, parent_id) select area_id, day_start, "
                + "month_start, resource_kind, resource_id, max(resource_name), person_id, max(person_name), sku, currency, sum(quantity), "
                + "sum(amount), count(*), model_id, max(model_name), parent_id from cost_line where hour_start >= :firstHour "
                + "and hour_start < :endHour" + open.formatted("cost_line")
                + " group by area_id, day_start, month_start, resource_kind, resource_id, person_id, sku, currency, model_id, parent_id", days);
    }

    /**
     * What rating the whole hours in {@code [from, to)} gives now, closed months included, without storing
     * anything: the monthly close compares it with a closed month's frozen lines to find corrections.
     */
    List<HourlyRater.Line> rateWithoutStoring(Instant from, Instant to, Map<UUID, String> billedIn) {
        Instant now = clock.instant();
        Instant end = to.isAfter(RateCard.hourOf(now).plus(HOUR)) ? RateCard.hourOf(now).plus(HOUR) : to;
        if (!end.isAfter(from)) {
            return List.of();
        }
        return rated(from, end, now, new HashMap<>(billedIn)).lines();
    }

    /** The one rating of {@code [from, end)}: intervals and counts priced in each area's billing currency (see {@link #billedIn}). */
    private HourlyRater.Result rated(Instant from, Instant end, Instant now, Map<UUID, String> billedIn) {
        List<CountedUsage.Count> counts = new ArrayList<>();
        counted.orderedStream().forEach(c -> counts.addAll(c.counts(from, end)));
        return HourlyRater.rate(intervals(from, end), counts, rateCard.book(null),
                area -> billedIn.computeIfAbsent(area, a -> areas.get(a).monthlyBudget().currency().getCurrencyCode()),
                from, end, now);
    }

    /**
     * The currency each area's month is billed in: a closed month's statement currency, else the currency of
     * the lines the month already holds. An area whose currency changes keeps the month in progress in the
     * currency it began in (one statement, one currency, and no false corrections of closed months); its
     * new currency applies from the next month it has costs in. Areas missing here use their currency now.
     */
    Map<UUID, String> billedIn(LocalDate month) {
        Map<UUID, String> billed = new HashMap<>();
        MapSqlParameterSource m = new MapSqlParameterSource("month", month).addValue("next", month.plusMonths(1));
        jdbc.query("select area_id, min(currency) from cost_day where day_start >= :month and day_start < :next group by area_id", m,
                rs -> {
                    billed.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        jdbc.query("select area_id, currency from cost_statement where month_start = :month", m, rs -> {
            billed.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return billed;
    }

    private List<HourlyRater.Interval> intervals(Instant from, Instant to) {
        Map<UUID, HourlyRater.Interval> found = new LinkedHashMap<>();
        Map<UUID, Map<String, BigDecimal>> held = new HashMap<>();
        jdbc.query("select r.id, r.area_id, r.source_type, r.source_id, r.source_name, r.owner_id, r.owner_name, r.started_at, "
                + "r.ended_at, q.sku, q.held, r.model_id, r.model_name, r.parent_id from usage_record r "
                + "join usage_quantity q on q.usage_record_id = r.id "
                + "where r.started_at < :to and (r.ended_at is null or r.ended_at > :from)",
                new MapSqlParameterSource("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)), rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    ResourceKind kind;
                    try {
                        kind = ResourceKind.ofSource(rs.getString(3));
                    } catch (IllegalArgumentException e) {
                        return;
                    }
                    Map<String, BigDecimal> h = held.computeIfAbsent(id, k -> new LinkedHashMap<>());
                    h.put(rs.getString(10), rs.getBigDecimal(11));
                    if (!found.containsKey(id)) {
                        Timestamp ended = rs.getTimestamp(9);
                        found.put(id, new HourlyRater.Interval(rs.getObject(2, UUID.class), kind, rs.getObject(4, UUID.class),
                                rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getTimestamp(8).toInstant(),
                                ended == null ? null : ended.toInstant(), h, rs.getObject(12, UUID.class), rs.getString(13),
                                rs.getObject(14, UUID.class)));
                    }
                });
        return List.copyOf(found.values());
    }

    private static String cut(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200);
    }

    // ---------------------------------------------------------------- reading

    /** Who may read which lines: an area (null: every area, administrators only) and a person (null: everybody's). */
    private record Scope(UUID areaId, UUID personId) {
    }

    private Scope scope(UUID areaId) {
        SignedInUser user = CurrentUser.require();
        if (areaId == null) {
            if (user.isAdmin() && user.areaScope() == null) {
                return new Scope(null, null);
            }
            throw new InvalidRequestException("area", "Give the area whose costs to read");
        }
        access.requireRead(areaId, "area", areaId);
        return user.isAdmin() || access.canManage(areaId) ? new Scope(areaId, null) : new Scope(areaId, user.userId());
    }

    private static void checkRange(Instant from, Instant to) {
        if (from == null || to == null) {
            throw new InvalidRequestException(from == null ? "from" : "to", "Give the range: from and to (ISO-8601, UTC)");
        }
        if (!to.isAfter(from)) {
            throw new InvalidRequestException("to", "The end comes after the start");
        }
    }

    private String where(Scope scope, MapSqlParameterSource params, Instant from, Instant to) {
        params.addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to));
        return scoped(new StringBuilder(" where hour_start >= :from and hour_start < :to"), scope, params);
    }

    private static String scoped(StringBuilder where, Scope scope, MapSqlParameterSource params) {
        if (scope.areaId() != null) {
            where.append(" and area_id = :area");
            params.addValue("area", scope.areaId());
        }
        if (scope.personId() != null) {
            where.append(" and person_id = :person");
            params.addValue("person", scope.personId());
        }
        return where.toString();
    }

    /** The lines of the hours in {@code [from, to)} the caller may read, by hour, kind, resource and SKU. */
    public Page<CostLineView> lines(UUID areaId, Instant from, Instant to, Pageable pageable) {
        checkRange(from, to);
        Scope scope = scope(areaId);
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(scope, params, from, to);
        Long total = jdbc.queryForObject("select count(*) from cost_line" + where, params, Long.class);
        params.addValue("limit", pageable.getPageSize()).addValue("offset", pageable.getOffset());
        List<CostLineView> content = jdbc.query("select * from cost_line" + where
                + " order by hour_start, resource_kind, resource_name, resource_id, sku limit :limit offset :offset", params,
                (rs, i) -> line(rs));
        return new PageImpl<>(content, pageable, total == null ? 0 : total);
    }

    /**
     * Totals of the lines the caller may read in {@code [from, to)} per UTC day or month, optionally per
     * kind, person, SKU, resource, model or resource group: exact sums of the hourly lines (numeric, no
     * rounding). A range of whole UTC days is read from the daily rollup, which holds the same sums.
     */
    public List<CostTotal> totals(UUID areaId, Instant from, Instant to, CostTotal.Granularity granularity, CostTotal.By by) {
        return totals(areaId, from, to, granularity, by, null);
    }

    /**
     * As {@link #totals(UUID, Instant, Instant, CostTotal.Granularity, CostTotal.By)}, of the lines of one group only
     * ({@code within}, null: all): the drill-down of a total, whose totals add up to it exactly.
     */
    public List<CostTotal> totals(UUID areaId, Instant from, Instant to, CostTotal.Granularity granularity, CostTotal.By by,
            CostTotal.Within within) {
        checkRange(from, to);
        Scope scope = scope(areaId);
        MapSqlParameterSource params = new MapSqlParameterSource();
        boolean wholeDays = from.equals(dayOf(from)) && to.equals(dayOf(to));
        String table = wholeDays ? "cost_day" : "cost_line";
        String where;
        if (wholeDays) {
            params.addValue("first", from.atZone(ZoneOffset.UTC).toLocalDate()).addValue("end", to.atZone(ZoneOffset.UTC).toLocalDate());
            where = scoped(new StringBuilder(" where day_start >= :first and day_start < :end"), scope, params);
        } else {
            where = where(scope, params, from, to);
        }
        where += within(within, params);
        String count = wholeDays ? "sum(line_count)" : "count(*)";
        String period = (granularity == null ? CostTotal.Granularity.DAY : granularity) == CostTotal.Granularity.MONTH ? "month_start"
                : "day_start";
        String key;
        String label;
        String group;
        if (by == null) {
            key = "cast(null as varchar(80))";
            label = "cast(null as varchar(200))";
            group = "";
        } else {
            switch (by) {
                case KIND -> { key = "resource_kind"; label = "resource_kind"; group = ", resource_kind"; }
                case SKU -> { key = "sku"; label = "sku"; group = ", sku"; }
                case PERSON -> { key = "cast(person_id as varchar(36))"; label = "max(person_name)"; group = ", person_id"; }
                case RESOURCE -> { key = "resource_kind || '/' || cast(resource_id as varchar(36))"; label = "max(resource_name)";
                        group = ", resource_kind, resource_id"; }
                case MODEL -> { key = "cast(model_id as varchar(36))"; label = "max(model_name)"; group = ", model_id"; }
                case RESOURCE_GROUP -> { key = GROUP_KEY; label = "max(resource_name)"; group = ", " + GROUP_KEY; }
                default -> throw new IllegalStateException(by.name());
            }
        }
        return jdbc.query("select " + period + " as period, " + key + " as group_key, " + label + " as group_label, currency, "
                + "sum(amount) as amount, " + count + " as line_count, count(distinct resource_id) as resource_count from " + table + where
                + " group by " + period + group + ", currency order by " + period + ", amount desc, group_key", params,
                (rs, i) -> new CostTotal(rs.getObject("period", LocalDate.class), rs.getString("group_key"), rs.getString("group_label"),
                        rs.getString("currency"), rs.getBigDecimal("amount").setScale(Rating.SCALE), rs.getLong("line_count"),
                        rs.getLong("resource_count")));
    }

    /** A resource, or the schedule whose run it is: {@code KIND/id}. */
    private static final String GROUP_KEY = "resource_kind || '/' || cast(coalesce(parent_id, resource_id) as varchar(36))";

    /** The condition that keeps the lines of one group (those its total sums), or nothing without one. */
    private static String within(CostTotal.Within within, MapSqlParameterSource params) {
        if (within == null || within.by() == null) {
            return "";
        }
        String key = within.key() == null || within.key().isBlank() ? null : within.key().strip();
        switch (within.by()) {
            case KIND -> {
                params.addValue("withinKind", kind(key).name());
                return " and resource_kind = :withinKind";
            }
            case SKU -> {
                if (key == null) {
                    throw new InvalidRequestException("within", "Give the SKU, e.g. sku:" + Sku.VCPU_HOUR);
                }
                params.addValue("withinSku", key);
                return " and sku = :withinSku";
            }
            case PERSON, MODEL -> {
                String column = within.by() == CostTotal.By.PERSON ? "person_id" : "model_id";
                if (key == null || key.equalsIgnoreCase("none")) {
                    return " and " + column + " is null";
                }
                params.addValue("withinId", id(key, within.by()));
                return " and " + column + " = :withinId";
            }
            case RESOURCE, RESOURCE_GROUP -> {
                int slash = key == null ? -1 : key.indexOf('/');
                if (slash < 0) {
                    throw new InvalidRequestException("within", "Give the resource as KIND/id, e.g. WORKSPACE/" + new UUID(0, 0));
                }
                params.addValue("withinKind", kind(key.substring(0, slash)).name()).addValue("withinId", id(key.substring(slash + 1),
                        within.by()));
                return " and resource_kind = :withinKind and "
                        + (within.by() == CostTotal.By.RESOURCE ? "resource_id" : "coalesce(parent_id, resource_id)") + " = :withinId";
            }
            default -> throw new IllegalStateException(within.by().name());
        }
    }

    private static ResourceKind kind(String key) {
        try {
            return ResourceKind.valueOf(key == null ? "" : key.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("within", "Unknown resource kind '" + key + "': give one of "
                    + java.util.Arrays.toString(ResourceKind.values()));
        }
    }

    private static UUID id(String key, CostTotal.By by) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("within", "'" + key + "' is not the id of a " + by.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + (by == CostTotal.By.PERSON || by == CostTotal.By.MODEL ? " (or none)" : ""));
        }
    }

    private static Instant dayOf(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static CostLineView line(ResultSet rs) throws SQLException {
        return new CostLineView(rs.getObject("area_id", UUID.class), rs.getTimestamp("hour_start").toInstant(),
                ResourceKind.valueOf(rs.getString("resource_kind")), rs.getObject("resource_id", UUID.class), rs.getString("resource_name"),
                rs.getObject("person_id", UUID.class), rs.getString("person_name"), rs.getString("sku"), rs.getObject("rate_id", UUID.class),
                rs.getBigDecimal("quantity").setScale(Rating.SCALE), rs.getString("unit"), rs.getBigDecimal("unit_price").setScale(Rating.SCALE),
                rs.getBigDecimal("amount").setScale(Rating.SCALE), rs.getString("currency"), rs.getTimestamp("rated_at").toInstant(),
                rs.getObject("model_id", UUID.class), rs.getString("model_name"), rs.getObject("parent_id", UUID.class));
    }
}
