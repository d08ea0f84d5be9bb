package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The month's forecast of an area (see {@link CostForecast} for the rule and its parts), shown from the
 * month's first day. Managers of the area and administrators read it; anybody else is told the area
 * is not found (or, a member, that it is for managers).
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class CostForecasts {

    /** Interval kinds that run on until stopped: priced per hour for the hours left. Runs are in the daily average instead. */
    static final List<String> RUNNING_SOURCES = List.of(ResourceKind.WORKSPACE.sourceType(), ResourceKind.WORKSPACE_DISK.sourceType(),
            ResourceKind.DEPLOYMENT.sourceType());
    /** Ledger kinds of jobs and calls, averaged per day. */
    static final List<String> JOB_KINDS = List.of(ResourceKind.SCHEDULE_RUN.name(), ResourceKind.BATCH_RUN.name(),
            ResourceKind.TRAINING_RUN.name(), ResourceKind.PREDICTIONS.name());

    private final NamedParameterJdbcTemplate jdbc;
    private final Budgets budgets;
    private final CostEstimates estimates;
    private final RateCard rateCard;
    private final AreaAccess access;
    private final Clock clock;

    CostForecasts(NamedParameterJdbcTemplate jdbc, Budgets budgets, CostEstimates estimates, RateCard rateCard, AreaAccess access,
            Clock clock) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.estimates = estimates;
        this.rateCard = rateCard;
        this.access = access;
        this.clock = clock;
    }

    /** The forecast of the area's month (null: the current one); a past month is what it cost. */
    public CostForecast forecast(UUID areaId, YearMonth month) {
        requireManagerOrAdmin(access, areaId);
        Instant now = clock.instant();
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        YearMonth m = month == null ? current : month;
        if (m.isAfter(current)) {
            throw new InvalidRequestException("month", "Forecasts are for the current month or past ones; " + m + " has not begun");
        }
        return forecastAt(areaId, m, m.equals(current) ? now : end(m));
    }

    /**
     * What each of the area's budgets spent of the month so far (the current month: up to now), from the
     * ledger: by the budget's scope key, {@code *} for the area's budget, else the model's id (managers of
     * the area and administrators).
     */
    public Map<String, BigDecimal> spent(UUID areaId, YearMonth month) {
        requireManagerOrAdmin(access, areaId);
        Instant now = clock.instant();
        YearMonth m = month == null ? YearMonth.from(now.atZone(ZoneOffset.UTC)) : month;
        Instant asOf = now.isBefore(end(m)) ? now : end(m);
        BudgetPlan plan = budgets.plan(areaId);
        Map<String, BigDecimal> spent = new LinkedHashMap<>();
        spent.put(plan.area().scopeKey(), actual(areaId, m, asOf, null));
        for (Budget b : plan.models()) {
            spent.put(b.scopeKey(), actual(areaId, m, asOf, b.modelId()));
        }
        return spent;
    }

    static void requireManagerOrAdmin(AreaAccess access, UUID areaId) {
        if (areaId == null) {
            throw new InvalidRequestException("area", "Give the area");
        }
        access.requireRead(areaId, "area", areaId);
        boolean admin = CurrentUser.require().isAdmin();
        if (!admin && !access.canManage(areaId)) {
            throw new ForbiddenException("The area's budgets, forecasts and alerts are for its managers and administrators.");
        }
    }

    /** The forecast of the month as of {@code asOf} (within the month, or its end), without access checks. */
    CostForecast forecastAt(UUID areaId, YearMonth month, Instant asOf) {
        BudgetPlan plan = budgets.plan(areaId);
        String currency = plan.currency();
        Instant start = start(month);
        Instant end = end(month);
        Instant at = asOf.isAfter(end) ? end : asOf.isBefore(start) ? start : asOf;
        BigDecimal actual = actual(areaId, month, at, null);
        CostEstimate running = running(areaId, at, currency);
        BigDecimal hoursLeft = BigDecimal.valueOf(Duration.between(at, end).toMillis()).divide(BigDecimal.valueOf(3_600_000L), Rating.SCALE,
                java.math.RoundingMode.HALF_EVEN);
        LocalDate today = at.atZone(ZoneOffset.UTC).toLocalDate();
        if (at.equals(end)) {
            today = month.plusMonths(1).atDay(1);
        }
        Map<LocalDate, BigDecimal> byDay = new TreeMap<>();
        for (int i = ForecastArithmetic.DAYS; i >= 1; i--) {
            byDay.put(today.minusDays(i), BigDecimal.ZERO);
        }
        jdbc.query("select day_start, sum(amount) from cost_day where area_id = :area and day_start >= :from and day_start < :to "
                + "and resource_kind in (:kinds) group by day_start", new MapSqlParameterSource("area", areaId)
                .addValue("from", today.minusDays(ForecastArithmetic.DAYS)).addValue("to", today).addValue("kinds", JOB_KINDS),
                rs -> {
                    byDay.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2));
                });
        ForecastArithmetic.Result r = ForecastArithmetic.compute(actual, running.hourly(), hoursLeft, List.copyOf(byDay.values()));
        List<CostForecast.Month> last = new ArrayList<>();
        Map<LocalDate, BigDecimal> months = new HashMap<>();
        jdbc.query("select month_start, sum(amount) from cost_day where area_id = :area and month_start >= :from and month_start < :to "
                + "group by month_start", new MapSqlParameterSource("area", areaId).addValue("from", month.minusMonths(3).atDay(1))
                .addValue("to", month.atDay(1)), rs -> {
                    months.put(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2));
                });
        for (int i = 3; i >= 1; i--) {
            YearMonth ym = month.minusMonths(i);
            last.add(new CostForecast.Month(ym.toString(), ForecastArithmetic.scale(months.getOrDefault(ym.atDay(1), BigDecimal.ZERO))));
        }
        BigDecimal budget = plan.area().amount();
        return new CostForecast(areaId, month.toString(), currency, at, ForecastArithmetic.scale(actual), running, running.hourly(), hoursLeft,
                r.runningRest(), byDay.entrySet().stream().map(e -> new CostForecast.Day(e.getKey(), ForecastArithmetic.scale(e.getValue())))
                        .toList(), r.dailyAverage(), r.dailyLow(), r.dailyHigh(), r.daysLeft(), r.jobsRest(), r.forecast(), r.low(), r.high(),
                List.copyOf(last), budget, ForecastArithmetic.percent(r.forecast(), budget));
    }

    /**
     * What the ledger holds for the area's month before {@code asOf}; of the model's lines only when {@code modelId} is not null
     * (as the costs page totals it by model).
     */
    BigDecimal actual(UUID areaId, YearMonth month, Instant asOf, UUID modelId) {
        // the whole days before asOf's from the daily rollup, the hours of asOf's own day from the lines
        LocalDate day = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        MapSqlParameterSource p = new MapSqlParameterSource("area", areaId).addValue("month", month.atDay(1)).addValue("day", day)
                .addValue("asOf", Timestamp.from(asOf));
        String days = "select coalesce(sum(amount), 0) from cost_day where area_id = :area and month_start = :month and day_start < :day";
        String hours = "select coalesce(sum(amount), 0) from cost_line where area_id = :area and month_start = :month and day_start = :day "
                + "and hour_start < :asOf";
        if (modelId != null) {
            days += " and model_id = :model";
            hours += " and model_id = :model";
            p.addValue("model", modelId);
        }
        BigDecimal v = jdbc.queryForObject(days, p, BigDecimal.class).add(jdbc.queryForObject(hours, p, BigDecimal.class));
        return ForecastArithmetic.scale(v);
    }

    /** What runs in the area at {@code at} (open workspaces, disks, live deployments), as one hourly estimate by SKU. */
    private CostEstimate running(UUID areaId, Instant at, String currency) {
        Map<String, BigDecimal> held = new TreeMap<>();
        jdbc.query("select q.sku, q.held from usage_record r join usage_quantity q on q.usage_record_id = r.id where r.area_id = :area "
                + "and r.source_type in (:sources) and r.started_at <= :at and (r.ended_at is null or r.ended_at > :at)",
                new MapSqlParameterSource("area", areaId).addValue("sources", RUNNING_SOURCES).addValue("at", Timestamp.from(at)), rs -> {
                    held.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
                });
        PriceBook book = rateCard.book(currency);
        Instant hour = RateCard.hourOf(at);
        held.keySet().removeIf(sku -> !Sku.known(sku) || Sku.basis(sku) == Sku.Basis.COUNT
                || book.at(sku, areaId, currency, hour).isEmpty());
        return estimates.hourly(areaId, held, at);
    }

    static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant end(YearMonth m) {
        return m.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
