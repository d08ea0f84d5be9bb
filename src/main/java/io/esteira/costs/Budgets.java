package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostEvents.BudgetPolicyChanged;
import io.esteira.costs.CostEvents.BudgetsChanged;
import io.esteira.notifications.Notifications;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly budgets of areas and of models within them, with their alert thresholds, and the area's
 * policy for requests that would go over. Members of the area read them; its managers and
 * administrators change the budgets (audited); only administrators change the policy. Budgets are in
 * the area's ledger currency only.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class Budgets {

    private final NamedParameterJdbcTemplate jdbc;
    private final AreaService areas;
    private final AreaAccess access;
    private final ObjectProvider<ModelCostSources> models;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Budgets(NamedParameterJdbcTemplate jdbc, AreaService areas, AreaAccess access, ObjectProvider<ModelCostSources> models,
            Notifications notifications, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.areas = areas;
        this.access = access;
        this.models = models;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
    }

    /** The area's budgets, policy and webhook. */
    public BudgetPlan get(UUID areaId) {
        requireArea(areaId);
        access.requireRead(areaId, "area", areaId);
        return plan(areaId);
    }

    /**
     * The budgets of every area the caller answers for: every area for administrators, the areas they
     * manage for managers (by area name); nobody else's.
     */
    public List<BudgetPlan> managed() {
        SignedInUser user = CurrentUser.require();
        return areas.myAreas().stream().filter(a -> (user.isAdmin() && access.canAct(a.id())) || access.canManage(a.id()))
                .map(a -> plan(a.id())).toList();
    }

    /** The area's models that can have a budget, by name (managers of the area and administrators). */
    public Map<UUID, String> models(UUID areaId) {
        CostForecasts.requireManagerOrAdmin(access, areaId);
        Map<UUID, String> byName = new LinkedHashMap<>();
        models.orderedStream().flatMap(m -> m.models(areaId).entrySet().stream())
                .sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER)).forEach(e -> byName.putIfAbsent(e.getKey(), e.getValue()));
        return byName;
    }

    /** The area's policy for requests that would take it over its budget (WARN when none was set). */
    public BudgetPolicy policy(UUID areaId) {
        access.requireRead(areaId, "area", areaId);
        return policyRow(areaId).map(PolicyRow::policy).orElse(BudgetPolicy.WARN);
    }

    /** Replaces the area's budgets (managers of the area, administrators); the policy by administrators only. */
    @Transactional
    public BudgetPlan put(UUID areaId, BudgetChange change) {
        requireArea(areaId);
        access.requireRead(areaId, "area", areaId);
        SignedInUser user = CurrentUser.require();
        boolean admin = user.isAdmin() && access.canAct(areaId);
        if (!admin && !access.canManage(areaId)) {
            throw new ForbiddenException("Only the area's managers and administrators change its budgets.");
        }
        if (change == null) {
            throw new InvalidRequestException("area", "Give the budgets");
        }
        BudgetPlan before = plan(areaId);
        if (change.policy() != null && change.policy() != before.policy() && !admin) {
            throw new ForbiddenException("Only administrators change the area's policy for requests over budget ("
                    + before.policy() + ").");
        }
        AreaSummary area = areas.get(areaId);
        String currency = area.monthlyBudget().currency().getCurrencyCode();
        Map<String, String> problems = new LinkedHashMap<>();
        Budget areaBudget = change.area() == null ? null : checked(change.area(), null, currency, "area", problems);
        List<Budget> modelBudgets = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        List<Budget> asked = change.models() == null ? List.of() : change.models();
        for (int i = 0; i < asked.size(); i++) {
            Budget b = asked.get(i);
            String field = "models[" + i + "]";
            if (b == null || b.modelId() == null) {
                problems.putIfAbsent(field + ".modelId", "Give the model");
                continue;
            }
            if (!seen.add(b.modelId())) {
                problems.putIfAbsent(field + ".modelId", "This model has two budgets; give one");
                continue;
            }
            Optional<String> name = models.orderedStream().map(m -> m.modelName(areaId, b.modelId())).flatMap(Optional::stream).findFirst();
            if (name.isEmpty()) {
                problems.putIfAbsent(field + ".modelId", "No model " + b.modelId() + " in " + area.name());
                continue;
            }
            Budget c = checked(b, name.get(), currency, field, problems);
            if (c != null) {
                modelBudgets.add(c);
            }
        }
        String webhook = change.webhookUrl() == null || change.webhookUrl().isBlank() ? null : change.webhookUrl().strip();
        if (webhook != null) {
            try {
                notifications.checkWebhook(webhook);
            } catch (InvalidRequestException e) {
                problems.putIfAbsent("webhookUrl", e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.values().iterator().next(), problems);
        }
        Timestamp now = Timestamp.from(clock.instant());
        MapSqlParameterSource a = new MapSqlParameterSource("area", areaId);
        jdbc.update("delete from cost_budget where area_id = :area", a);
        List<Budget> rows = new ArrayList<>(modelBudgets);
        if (areaBudget != null) {
            rows.addFirst(areaBudget);
        }
        for (Budget b : rows) {
            jdbc.update("insert into cost_budget (id, area_id, scope_key, model_id, model_name, amount, currency, actual_thresholds, "
                    + "forecast_thresholds, updated_by, updated_at) values (:id, :area, :key, :model, :name, :amount, :currency, :actual, "
                    + ":forecast, :by, :at)", new MapSqlParameterSource("id", UUID.randomUUID()).addValue("area", areaId)
                    .addValue("key", b.scopeKey()).addValue("model", b.modelId()).addValue("name", b.modelName())
                    .addValue("amount", b.amount()).addValue("currency", currency).addValue("actual", join(b.actualThresholds()))
                    .addValue("forecast", join(b.forecastThresholds())).addValue("by", user.actorName()).addValue("at", now));
        }
        BudgetPolicy policy = change.policy() == null ? before.policy() : change.policy();
        jdbc.update("delete from cost_budget_policy where area_id = :area", a);
        jdbc.update("insert into cost_budget_policy (area_id, policy, webhook_url, updated_by, updated_at) values (:area, :policy, "
                + ":webhook, :by, :at)", new MapSqlParameterSource("area", areaId).addValue("policy", policy.name())
                .addValue("webhook", webhook).addValue("by", user.actorName()).addValue("at", now));
        BudgetPlan after = plan(areaId);
        Trace trace = Trace.capture(clock);
        if (!Objects.equals(describe(before), describe(after))) {
            events.publishEvent(new BudgetsChanged(areaId, area.name(), describe(before), describe(after), trace));
        }
        if (policy != before.policy()) {
            events.publishEvent(new BudgetPolicyChanged(areaId, area.name(), before.policy().name(), policy.name(), trace));
        }
        return after;
    }

    private Budget checked(Budget b, String modelName, String currency, String field, Map<String, String> problems) {
        if (b.amount() == null || b.amount().signum() < 0) {
            problems.putIfAbsent(field + ".amount", "Give the monthly budget, 0 or more");
            return null;
        }
        if (b.amount().stripTrailingZeros().scale() > 2 || b.amount().compareTo(new BigDecimal("100000000000000000")) >= 0) {
            problems.putIfAbsent(field + ".amount", "At most 2 decimals");
            return null;
        }
        if (b.currency() == null || !b.currency().strip().equalsIgnoreCase(currency)) {
            problems.putIfAbsent(field + ".currency", "Budgets of this area are in its ledger currency, " + currency
                    + (b.currency() == null ? "" : ", not " + b.currency()));
            return null;
        }
        List<Integer> actual = thresholds(b.actualThresholds(), Budget.DEFAULT_ACTUAL, field + ".actualThresholds", problems);
        List<Integer> forecast = thresholds(b.forecastThresholds(), Budget.DEFAULT_FORECAST, field + ".forecastThresholds", problems);
        if (actual == null || forecast == null) {
            return null;
        }
        return new Budget(b.modelId(), modelName, b.amount().setScale(2, RoundingMode.UNNECESSARY), currency, actual, forecast, false);
    }

    private static List<Integer> thresholds(List<Integer> given, List<Integer> defaults, String field, Map<String, String> problems) {
        if (given == null) {
            return defaults;
        }
        if (given.size() > 10 || given.stream().anyMatch(t -> t == null || t < 1 || t > 1000)) {
            problems.putIfAbsent(field, "Give at most 10 whole percentages from 1 to 1000");
            return null;
        }
        return given.stream().distinct().sorted().toList();
    }

    // ---------------------------------------------------------------- reading (also for alerts, forecasts, quotes)

    private record PolicyRow(BudgetPolicy policy, String webhookUrl) {
    }

    private Optional<PolicyRow> policyRow(UUID areaId) {
        return jdbc.query("select policy, webhook_url from cost_budget_policy where area_id = :area", new MapSqlParameterSource("area", areaId),
                (rs, i) -> new PolicyRow(BudgetPolicy.valueOf(rs.getString(1)), rs.getString(2))).stream().findFirst();
    }

    /** The plan without access checks: for the alerts job and services that checked access already. */
    BudgetPlan plan(UUID areaId) {
        AreaSummary area = areas.get(areaId);
        String currency = area.monthlyBudget().currency().getCurrencyCode();
        List<Budget> rows = jdbc.query("select model_id, model_name, amount, currency, actual_thresholds, forecast_thresholds from cost_budget "
                + "where area_id = :area order by model_name, scope_key", new MapSqlParameterSource("area", areaId),
                (rs, i) -> new Budget(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3).setScale(2, RoundingMode.UNNECESSARY),
                        rs.getString(4), split(rs.getString(5)), split(rs.getString(6)), false));
        Budget own = rows.stream().filter(b -> b.modelId() == null).findFirst().orElse(new Budget(null, null,
                area.monthlyBudget().amount().setScale(2, RoundingMode.HALF_EVEN), currency, Budget.DEFAULT_ACTUAL,
                Budget.DEFAULT_FORECAST, true));
        Optional<PolicyRow> p = policyRow(areaId);
        return new BudgetPlan(areaId, area.name(), currency, p.map(PolicyRow::policy).orElse(BudgetPolicy.WARN),
                p.map(PolicyRow::webhookUrl).orElse(null), own, rows.stream().filter(b -> b.modelId() != null).toList());
    }

    private static String join(List<Integer> thresholds) {
        return thresholds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    private static String describe(BudgetPlan p) {
        StringBuilder s = new StringBuilder();
        s.append("area ").append(p.area().amount().toPlainString()).append(' ').append(p.currency())
                .append(Boolean.TRUE.equals(p.area().areaDefault()) ? " (default)" : "").append(" actual ").append(p.area().actualThresholds())
                .append(" forecast ").append(p.area().forecastThresholds());
        for (Budget b : p.models()) {
            s.append("; model ").append(b.modelName()).append(' ').append(b.amount().toPlainString()).append(" actual ")
                    .append(b.actualThresholds()).append(" forecast ").append(b.forecastThresholds());
        }
        s.append("; policy ").append(p.policy()).append("; webhook ").append(p.webhookUrl() == null ? "none" : "set");
        return s.toString();
    }

    private static void requireArea(UUID areaId) {
        if (areaId == null) {
            throw new InvalidRequestException("area", "Give the area");
        }
    }
}
