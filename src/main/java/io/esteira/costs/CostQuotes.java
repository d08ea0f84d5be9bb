package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.costs.CostEvents.BudgetExceededByRequest;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Money;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cost at the point of request, through the rating function that bills it ({@link CostEstimates}): the
 * hourly price, "if left on all month", and what remains of the area's budget after it (budget −
 * forecast − what it adds this month). Services that start things call {@link #enforce} with the area's
 * policy: WARN lets a request over budget through (audited with the warning), REFUSE refuses it (audited,
 * denied) and nothing of the request is stored. Members of the area ask; others are told it is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class CostQuotes {

    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    private final CostEstimates estimates;
    private final CostForecasts forecasts;
    private final Budgets budgets;
    private final RateCard rateCard;
    private final AreaService areas;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ObjectProvider<ScheduledRuns.Calendar> calendars;

    CostQuotes(CostEstimates estimates, CostForecasts forecasts, Budgets budgets, RateCard rateCard, AreaService areas, AreaAccess access,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock,
            ObjectProvider<ScheduledRuns.Calendar> calendars) {
        this.estimates = estimates;
        this.forecasts = forecasts;
        this.budgets = budgets;
        this.rateCard = rateCard;
        this.areas = areas;
        this.access = access;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.calendars = calendars;
    }

    /** The quote of a request (the API's and the forms'). */
    public CostQuote quote(CostQuoteRequest request) {
        if (request == null || request.areaId() == null) {
            throw new InvalidRequestException("areaId", "Give the area");
        }
        access.requireRead(request.areaId(), "area", request.areaId());
        if (request.kind() == null) {
            throw new InvalidRequestException("kind", "Give what to quote: WORKSPACE, DEPLOYMENT, SCHEDULE or TRAINING");
        }
        Instant now = clock.instant();
        return switch (request.kind()) {
            case WORKSPACE -> running(request.areaId(), Held.computeAndDisk(shape(request)), now, true);
            case DEPLOYMENT -> {
                if (request.replicas() == null || request.replicas() < 1 || request.replicas() > 1000) {
                    throw new InvalidRequestException("replicas", "Give the replicas, 1 to 1000");
                }
                yield running(request.areaId(), Held.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(request.replicas())), now, true);
            }
            case SCHEDULE -> {
                BigDecimal hours = hoursPerRun(request);
                ScheduledRuns.Calendar calendar = calendars.getIfUnique();
                if (calendar == null) {
                    throw new InvalidRequestException("kind", "This portal schedules nothing: a SCHEDULE cannot be quoted");
                }
                Duration perRun = Duration.ofMillis(hours.multiply(MILLIS_PER_HOUR).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
                yield runs(request.areaId(), new ScheduledRuns(Held.querySlot(), perRun, 0, calendar.of(request.cron(), request.zone())), now,
                        true);
            }
            case TRAINING -> training(request.areaId(), Held.compute(shape(request)), hoursPerRun(request), now);
        };
    }

    /** What holding {@code held} from now until stopped costs (a workspace, a deployment's replicas). */
    public CostQuote running(UUID areaId, Map<String, BigDecimal> held, boolean strict) {
        access.requireRead(areaId, "area", areaId);
        return running(areaId, held, clock.instant(), strict);
    }

    private CostQuote running(UUID areaId, Map<String, BigDecimal> held, Instant now, boolean strict) {
        CostEstimate e = estimate(areaId, held, now, strict);
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        BigDecimal hoursLeft = hours(Duration.between(now, CostForecasts.end(month)));
        return withBudget(areaId, e, null, null, null, e.monthly(), scale(e.hourly().multiply(hoursLeft)), month, now);
    }

    /**
     * What something that runs on a schedule costs (see {@link ScheduledRuns}): one run as the ledger bills it, the runs
     * of the next 730 hours, and the runs left this month against the area's budget.
     */
    public CostQuote runs(UUID areaId, ScheduledRuns runs) {
        access.requireRead(areaId, "area", areaId);
        return runs(areaId, runs, clock.instant(), true);
    }

    private CostQuote runs(UUID areaId, ScheduledRuns runs, Instant now, boolean strict) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        int runsPerMonth = runs.fires().between(now, now.plus(Duration.ofHours(Sku.HOURS_PER_MONTH.longValue())));
        int runsLeft = runs.fires().between(now, CostForecasts.end(month));
        CostEstimate e = estimate(areaId, runs.held(), now, strict);
        BigDecimal perRun = estimates.run(areaId, runs.held(), runs.perRun(), runs.predictedRowsPerRun(), now, strict);
        return withBudget(areaId, e, runsPerMonth, hours(runs.perRun()), perRun, perRun.multiply(BigDecimal.valueOf(runsPerMonth)),
                scale(perRun.multiply(BigDecimal.valueOf(runsLeft))), month, now);
    }

    private CostQuote training(UUID areaId, Map<String, BigDecimal> held, BigDecimal hoursPerRun, Instant now) {
        CostEstimate e = estimate(areaId, held, now, true);
        BigDecimal run = scale(e.hourly().multiply(hoursPerRun));
        return withBudget(areaId, e, 1, hoursPerRun, run, run, run, YearMonth.from(now.atZone(ZoneOffset.UTC)), now);
    }

    private CostQuote withBudget(UUID areaId, CostEstimate e, Integer runs, BigDecimal hoursPerRun, BigDecimal perRun, BigDecimal monthly,
            BigDecimal thisMonth, YearMonth month, Instant now) {
        CostForecast f = forecasts.forecastAt(areaId, month, now);
        BudgetPlan plan = budgets.plan(areaId);
        BigDecimal budget = plan.area().amount();
        BigDecimal remaining = scale(budget.subtract(f.forecast()).subtract(thisMonth));
        return new CostQuote(e.currency().getCurrencyCode(), e, e.hourly(), runs, hoursPerRun, perRun, scale(monthly), thisMonth, month.toString(),
                budget, f.forecast(), remaining, plan.policy());
    }

    /**
     * The area's policy applied to a request: nothing when it fits the budget; over it, WARN returns the
     * warning (audited with the request's outcome), REFUSE throws a clear InvalidRequestException (audited,
     * denied, in a transaction of its own so that the refusal is recorded while the request is not).
     *
     * @param what     the request in the user's words, e.g. "This workspace"
     * @param objectId the request's object (its name), for the audit record
     * @return the warning, when the request goes through over budget
     */
    @Transactional(noRollbackFor = InvalidRequestException.class)
    public Optional<String> enforce(UUID areaId, Map<String, BigDecimal> held, String what, String objectId) {
        access.requireRead(areaId, "area", areaId);
        return enforce(areaId, running(areaId, held, clock.instant(), false), what, objectId);
    }

    /**
     * As {@link #enforce(UUID, Map, String, String)} for something that runs on a schedule: its runs left this month
     * against the area's budget (e.g. creating or resuming a schedule).
     */
    @Transactional(noRollbackFor = InvalidRequestException.class)
    public Optional<String> enforce(UUID areaId, ScheduledRuns runs, String what, String objectId) {
        access.requireRead(areaId, "area", areaId);
        return enforce(areaId, runs(areaId, runs, clock.instant(), false), what, objectId);
    }

    private Optional<String> enforce(UUID areaId, CostQuote q, String what, String objectId) {
        if (!q.overBudget()) {
            return Optional.empty();
        }
        String areaName = areas.get(areaId).name();
        Currency currency = Currency.getInstance(q.currency());
        String over = new Money(q.remaining().negate().setScale(2, RoundingMode.HALF_EVEN), currency).format(Locale.UK);
        String monthName = YearMonth.parse(q.month()).getMonth().getDisplayName(TextStyle.FULL, Locale.UK);
        BudgetExceededByRequest event;
        if (q.policy() == BudgetPolicy.REFUSE) {
            String message = what + " would take the " + areaName + " area over its " + monthName + " budget by " + over
                    + "; ask a manager to raise the budget";
            event = new BudgetExceededByRequest(areaId, what, objectId, q.policy().name(), q.remaining().negate(), q.currency(), message,
                    Trace.capture(clock));
            ownTransaction.executeWithoutResult(s -> events.publishEvent(event));
            throw new InvalidRequestException("budget", message);
        }
        String warning = what + " takes the " + areaName + " area over its " + monthName + " budget by " + over
                + " (forecast with it); the area's managers are told by the budget alerts";
        events.publishEvent(new BudgetExceededByRequest(areaId, what, objectId, q.policy().name(), q.remaining().negate(), q.currency(),
                warning, Trace.capture(clock)));
        return Optional.of(warning);
    }

    private CostEstimate estimate(UUID areaId, Map<String, BigDecimal> held, Instant now, boolean strict) {
        if (strict) {
            return estimates.hourly(areaId, held, now);
        }
        String currency = budgets.plan(areaId).currency();
        PriceBook book = rateCard.book(currency);
        Instant hour = RateCard.hourOf(now);
        Map<String, BigDecimal> priced = new TreeMap<>(held);
        priced.keySet().removeIf(sku -> !Sku.known(sku) || Sku.basis(sku) == Sku.Basis.COUNT || book.at(sku, areaId, currency, hour).isEmpty());
        return estimates.hourly(areaId, priced, now);
    }

    private static ResourceShape shape(CostQuoteRequest r) {
        ResourceShape s = r.shape() == null ? null : r.shape().shape();
        if (s == null || s.vcpu() < 0 || s.memoryGib() < 0 || s.gpuCount() < 0 || s.diskGib() < 0 || s.vcpu() + s.memoryGib() == 0) {
            throw new InvalidRequestException("shape", "Give the size: vcpu, memoryGib, and optionally gpuType, gpuCount, diskGib");
        }
        if (s.gpuCount() > 0 && (s.gpuType() == null || !Sku.known(Sku.gpuHour(s.gpuType())))) {
            throw new InvalidRequestException("shape.gpuType", "Give the GPU type, e.g. nvidia-t4");
        }
        return s;
    }

    private static BigDecimal hoursPerRun(CostQuoteRequest r) {
        if (r.hoursPerRun() == null || r.hoursPerRun().signum() <= 0 || r.hoursPerRun().compareTo(BigDecimal.valueOf(744)) > 0) {
            throw new InvalidRequestException("hoursPerRun", "Give the hours each run takes, more than 0 and at most 744");
        }
        return r.hoursPerRun();
    }

    private static BigDecimal hours(Duration d) {
        return BigDecimal.valueOf(Math.max(0, d.toMillis())).divide(MILLIS_PER_HOUR, Rating.SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal scale(BigDecimal v) {
        return v.setScale(Rating.SCALE, RoundingMode.HALF_EVEN);
    }
}
