package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idle time as waste, in money: the idle periods of an area's month (see {@link IdleTime}) priced by the
 * ledger's own rating path, each period fed to {@link HourlyRater} as an interval of the workspace holding
 * its compute, every hour at that hour's price of the area's rate card, without storing lines. An
 * open period counts up to now. Set against what each person's workspace compute cost in the month
 * (the ledger's WORKSPACE lines), it shows how much of it bought nothing.
 * <p>
 * Who reads what, as for the ledger: administrators and the area's managers everybody's idle time; its
 * other members their own; everybody else is told the area is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class IdleWaste {

    private static final Logger log = LoggerFactory.getLogger(IdleWaste.class);
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final NamedParameterJdbcTemplate jdbc;
    private final RateCard rateCard;
    private final AreaService areas;
    private final AreaAccess access;
    private final IdleTime idleTime;
    private final Clock clock;

    IdleWaste(NamedParameterJdbcTemplate jdbc, RateCard rateCard, AreaService areas, AreaAccess access, IdleTime idleTime, Clock clock) {
        this.jdbc = jdbc;
        this.rateCard = rateCard;
        this.areas = areas;
        this.access = access;
        this.idleTime = idleTime;
        this.clock = clock;
    }

    private static final class Sum {
        UUID personId;
        String personName;
        String workspaceName;
        long millis;
        BigDecimal cost = BigDecimal.ZERO.setScale(Rating.SCALE);
        BigDecimal compute = BigDecimal.ZERO.setScale(Rating.SCALE);
        int periods;
    }

    /** The idle time of the area's month (UTC) that the caller may read, per person and per workspace. */
    public IdleWasteReport month(UUID areaId, YearMonth month) {
        if (areaId == null) {
            throw new InvalidRequestException("area", "Give the area whose idle time to read");
        }
        if (month == null) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM, e.g. " + YearMonth.now(clock.withZone(ZoneOffset.UTC)));
        }
        access.requireRead(areaId, "area", areaId);
        SignedInUser user = CurrentUser.require();
        boolean whole = user.isAdmin() || access.canManage(areaId);
        UUID only = whole ? null : user.userId();
        String currency = areas.get(areaId).monthlyBudget().currency().getCurrencyCode();
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();
        Instant until = to.isAfter(now) ? now : to;

        MapSqlParameterSource params = new MapSqlParameterSource("area", areaId).addValue("from", Timestamp.from(from))
                .addValue("to", Timestamp.from(to));
        String person = "";
        if (only != null) {
            person = " and p.person_id = :person";
            params.addValue("person", only);
        }
        Map<UUID, HourlyRater.Interval> periods = new LinkedHashMap<>();
        Map<UUID, Map<String, BigDecimal>> held = new HashMap<>();
        jdbc.query("select p.id, p.workspace_id, p.workspace_name, p.person_id, p.person_name, p.started_at, p.ended_at, q.sku, q.held "
                + "from cost_idle_period p left join cost_idle_quantity q on q.idle_period_id = p.id where p.area_id = :area "
                + "and p.started_at < :to and (p.ended_at is null or p.ended_at > :from)" + person, params, rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    Map<String, BigDecimal> h = held.computeIfAbsent(id, k -> new LinkedHashMap<>());
                    if (rs.getString(8) != null) {
                        h.put(rs.getString(8), rs.getBigDecimal(9));
                    }
                    if (!periods.containsKey(id)) {
                        Timestamp ended = rs.getTimestamp(7);
                        periods.put(id, new HourlyRater.Interval(areaId, ResourceKind.WORKSPACE, rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getObject(4, UUID.class), rs.getString(5), rs.getTimestamp(6).toInstant(),
                                ended == null ? null : ended.toInstant(), h));
                    }
                });

        Map<UUID, Sum> byWorkspace = new LinkedHashMap<>();
        for (HourlyRater.Interval i : periods.values()) {
            Sum s = byWorkspace.computeIfAbsent(i.resourceId(), k -> new Sum());
            s.personId = i.personId();
            s.personName = i.personName();
            s.workspaceName = i.resourceName();
            s.periods++;
            Instant start = i.startedAt().isBefore(from) ? from : i.startedAt();
            Instant end = i.endedAt() == null || i.endedAt().isAfter(until) ? until : i.endedAt();
            if (end.isAfter(start)) {
                s.millis += Duration.between(start, end).toMillis();
            }
        }
        HourlyRater.Result rated = HourlyRater.rate(periods.values(), List.of(), rateCard.book(currency), area -> currency, from, to, now);
        if (!rated.unpriced().isEmpty()) {
            log.warn("Idle time of area {} in {} partly unpriced for want of a price: {}", areaId, month, rated.unpriced());
        }
        rated.lines().forEach(l -> byWorkspace.get(l.resourceId()).cost = byWorkspace.get(l.resourceId()).cost.add(l.amount()));

        // what the workspaces' compute cost in the month: the ledger's WORKSPACE lines (its daily rollup holds their exact sums)
        Map<UUID, BigDecimal> computeByPerson = new HashMap<>();
        BigDecimal[] computeTotal = {BigDecimal.ZERO.setScale(Rating.SCALE)};
        MapSqlParameterSource lines = new MapSqlParameterSource("area", areaId).addValue("month", month.atDay(1))
                .addValue("kind", ResourceKind.WORKSPACE.name());
        String linePerson = "";
        if (only != null) {
            linePerson = " and person_id = :person";
            lines.addValue("person", only);
        }
        jdbc.query("select resource_id, person_id, sum(amount) from cost_day where area_id = :area and month_start = :month "
                + "and resource_kind = :kind" + linePerson + " group by resource_id, person_id", lines, rs -> {
                    BigDecimal amount = rs.getBigDecimal(3).setScale(Rating.SCALE);
                    UUID personId = rs.getObject(2, UUID.class);
                    computeTotal[0] = computeTotal[0].add(amount);
                    computeByPerson.merge(personId == null ? NOBODY : personId, amount, BigDecimal::add);
                    Sum s = byWorkspace.get(rs.getObject(1, UUID.class));
                    if (s != null) {
                        s.compute = s.compute.add(amount);
                    }
                });

        List<IdleWasteReport.Workspace> workspaces = new ArrayList<>();
        Map<UUID, Sum> byPerson = new LinkedHashMap<>();
        long millis = 0;
        BigDecimal cost = BigDecimal.ZERO.setScale(Rating.SCALE);
        for (Map.Entry<UUID, Sum> e : byWorkspace.entrySet()) {
            Sum s = e.getValue();
            workspaces.add(new IdleWasteReport.Workspace(e.getKey(), s.workspaceName, s.personId, s.personName, hours(s.millis), s.cost,
                    s.compute, percent(s.cost, s.compute), s.periods));
            Sum p = byPerson.computeIfAbsent(s.personId == null ? NOBODY : s.personId, k -> new Sum());
            p.personId = s.personId;
            p.personName = p.personName == null ? s.personName : p.personName;
            p.millis += s.millis;
            p.cost = p.cost.add(s.cost);
            p.periods += s.periods;
            millis += s.millis;
            cost = cost.add(s.cost);
        }
        List<IdleWasteReport.Person> people = new ArrayList<>();
        byPerson.forEach((id, p) -> {
            BigDecimal compute = computeByPerson.getOrDefault(id, BigDecimal.ZERO.setScale(Rating.SCALE));
            people.add(new IdleWasteReport.Person(p.personId, p.personName, hours(p.millis), p.cost, compute, percent(p.cost, compute),
                    p.periods));
        });
        people.sort(Comparator.comparing(IdleWasteReport.Person::cost).reversed()
                .thenComparing(p -> Objects.requireNonNullElse(p.personName(), "")));
        workspaces.sort(Comparator.comparing(IdleWasteReport.Workspace::cost).reversed()
                .thenComparing(w -> Objects.requireNonNullElse(w.workspaceName(), "")));
        return new IdleWasteReport(areaId, month, currency, idleTime.grace(), whole, hours(millis), cost, computeTotal[0],
                percent(cost, computeTotal[0]), List.copyOf(people), List.copyOf(workspaces));
    }

    /** The key of usage that belongs to nobody in particular. */
    private static final UUID NOBODY = new UUID(0, 0);

    static BigDecimal hours(long millis) {
        return BigDecimal.valueOf(millis).divide(MILLIS_PER_HOUR, 6, RoundingMode.HALF_EVEN);
    }

    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
