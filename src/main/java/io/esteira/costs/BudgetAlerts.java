package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.areas.MemberSummary;
import io.esteira.costs.CostEvents.BudgetAlertRaised;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.Money;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Budget alerts, checked hourly by a Quartz job on one node at a time: a threshold of a budget's actual
 * cost crossed alerts once per month, budget and threshold; the area's forecast over a forecast threshold
 * once per month. The unique key of {@code cost_budget_alert} makes a check idempotent. The area's
 * managers are told (inbox, e-mail when configured) and the area's budget webhook once per alert.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class BudgetAlerts {

    private static final Logger log = LoggerFactory.getLogger(BudgetAlerts.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Budgets budgets;
    private final CostForecasts forecasts;
    private final AreaService areas;
    private final AreaAccess access;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    BudgetAlerts(NamedParameterJdbcTemplate jdbc, Budgets budgets, CostForecasts forecasts, AreaService areas, AreaAccess access,
            Notifications notifications, ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.budgets = budgets;
        this.forecasts = forecasts;
        this.areas = areas;
        this.access = access;
        this.notifications = notifications;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** The area's budget alerts, newest first (managers of the area, administrators). */
    public List<BudgetAlert> list(UUID areaId) {
        CostForecasts.requireManagerOrAdmin(access, areaId);
        return jdbc.query("select * from cost_budget_alert where area_id = :area order by raised_at desc, month_start desc, kind, threshold",
                new MapSqlParameterSource("area", areaId), (rs, i) -> new BudgetAlert(rs.getObject("id", UUID.class),
                        rs.getObject("area_id", UUID.class), rs.getString("scope_key"), rs.getString("scope_name"),
                        YearMonth.from(rs.getObject("month_start", java.time.LocalDate.class)).toString(),
                        BudgetAlert.Kind.valueOf(rs.getString("kind")), rs.getInt("threshold"),
                        rs.getBigDecimal("amount").setScale(Rating.SCALE), rs.getBigDecimal("budget_amount").setScale(2),
                        rs.getString("currency"), rs.getTimestamp("raised_at").toInstant()));
    }

    /** What the hourly job does: checks every area's budgets now. @return the alerts raised */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public List<BudgetAlert> check() {
        return check(clock.instant());
    }

    /** Checks every area's budgets of the month of {@code now}, as of {@code now}, each area in a transaction of its own. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
    public List<BudgetAlert> check(Instant now) {
        List<BudgetAlert> raised = new ArrayList<>();
        for (AreaSummary area : areas.myAreas()) {
            try {
                raised.addAll(ownTransaction.execute(s -> checkArea(area, now)));
            } catch (DuplicateKeyException e) {
                log.info("Budget alerts of {} were raised meanwhile by another check", area.code());
            } catch (RuntimeException e) {
                log.warn("Budget alerts of {} could not be checked: {}", area.code(), e.toString());
            }
        }
        return raised;
    }

    private List<BudgetAlert> checkArea(AreaSummary area, Instant now) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        BudgetPlan plan = budgets.plan(area.id());
        List<BudgetAlert> raised = new ArrayList<>();
        List<Budget> all = new ArrayList<>();
        all.add(plan.area());
        all.addAll(plan.models());
        for (Budget b : all) {
            if (b.amount().signum() <= 0) {
                continue;
            }
            BigDecimal actual = forecasts.actual(area.id(), month, now, b.modelId());
            String name = b.modelId() == null ? area.name() : b.modelName();
            for (int t : b.actualThresholds()) {
                if (crossed(actual, b.amount(), t)) {
                    raise(area, plan, b, name, month, BudgetAlert.Kind.ACTUAL, t, actual, now).ifPresent(raised::add);
                }
            }
        }
        Budget own = plan.area();
        if (own.amount().signum() > 0 && !own.forecastThresholds().isEmpty()) {
            CostForecast f = forecasts.forecastAt(area.id(), month, now);
            for (int t : own.forecastThresholds()) {
                if (crossed(f.forecast(), own.amount(), t)) {
                    raise(area, plan, own, area.name(), month, BudgetAlert.Kind.FORECAST, t, f.forecast(), now).ifPresent(raised::add);
                }
            }
        }
        return raised;
    }

    /** amount > budget × threshold / 100 (at 100 %: over the budget; at 50 %: more than half of it). */
    static boolean crossed(BigDecimal amount, BigDecimal budget, int threshold) {
        return amount.multiply(BigDecimal.valueOf(100)).compareTo(budget.multiply(BigDecimal.valueOf(threshold))) >= 0;
    }

    private java.util.Optional<BudgetAlert> raise(AreaSummary area, BudgetPlan plan, Budget b, String name, YearMonth month,
            BudgetAlert.Kind kind, int threshold, BigDecimal amount, Instant now) {
        MapSqlParameterSource key = new MapSqlParameterSource("area", area.id()).addValue("scope", b.scopeKey())
                .addValue("month", month.atDay(1)).addValue("kind", kind.name()).addValue("threshold", threshold);
        Long exists = jdbc.queryForObject("select count(*) from cost_budget_alert where area_id = :area and scope_key = :scope and "
                + "month_start = :month and kind = :kind and threshold = :threshold", key, Long.class);
        if (exists != null && exists > 0) {
            return java.util.Optional.empty();
        }
        UUID id = UUID.randomUUID();
        jdbc.update("insert into cost_budget_alert (id, area_id, scope_key, scope_name, month_start, kind, threshold, amount, budget_amount, "
                + "currency, raised_at) values (:id, :area, :scope, :name, :month, :kind, :threshold, :amount, :budget, :currency, :at)",
                key.addValue("id", id).addValue("name", name == null ? "?" : name.substring(0, Math.min(200, name.length())))
                        .addValue("amount", amount).addValue("budget", b.amount()).addValue("currency", plan.currency())
                        .addValue("at", Timestamp.from(clock.instant())));
        BudgetAlert alert = new BudgetAlert(id, area.id(), b.scopeKey(), name, month.toString(), kind, threshold, amount, b.amount(),
                plan.currency(), clock.instant());
        events.publishEvent(new BudgetAlertRaised(id, area.id(), name, month.toString(), kind.name(), threshold, amount, b.amount(),
                plan.currency(), Trace.capture(clock)));
        tell(area, plan, alert);
        return java.util.Optional.of(alert);
    }

    private void tell(AreaSummary area, BudgetPlan plan, BudgetAlert alert) {
        java.util.Currency currency = java.util.Currency.getInstance(plan.currency());
        String amount = new Money(alert.amount().setScale(2, java.math.RoundingMode.HALF_EVEN), currency).format(Locale.UK);
        String budget = new Money(alert.budget(), currency).format(Locale.UK);
        String what = alert.scope().equals("*") ? area.name() : "the model " + alert.scopeName() + " in " + area.name();
        String subject = alert.kind() == BudgetAlert.Kind.ACTUAL
                ? what + " has spent " + alert.threshold() + "% of its " + alert.month() + " budget"
                : what + " is forecast to reach " + alert.threshold() + "% of its " + alert.month() + " budget";
        String body = (alert.kind() == BudgetAlert.Kind.ACTUAL ? "Spent so far: " : "Forecast for the month: ") + amount + " of " + budget
                + ".\nSee the area's costs, its forecast and what runs now; raise the budget or stop what is not needed.";
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("alert", alert.id().toString());
        payload.put("area", area.code());
        payload.put("scope", alert.scopeName());
        payload.put("month", alert.month());
        payload.put("kind", alert.kind().name());
        payload.put("threshold", alert.threshold());
        payload.put("amount", alert.amount().toPlainString());
        payload.put("budget", alert.budget().toPlainString());
        payload.put("currency", plan.currency());
        boolean first = true;
        for (MemberSummary m : areas.members(area.id())) {
            if (m.role() != AreaRole.MANAGER) {
                continue;
            }
            notifications.send(new NotificationRequest(area.id(), m.userId(), "costs.budget-alert", subject, body, null,
                    first ? plan.webhookUrl() : null, payload));
            first = false;
        }
    }
}
