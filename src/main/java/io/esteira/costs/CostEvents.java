package io.esteira.costs;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The events of costs, all recorded by the audit log. */
public final class CostEvents {

    private CostEvents() {
    }

    /** An administrator scheduled a price of the rate card, from a coming hour. */
    public record RatePriceScheduled(UUID rateId, String sku, UUID areaId, String currency, BigDecimal unitPrice, Instant effectiveFrom,
            Trace trace) implements AuditableEvent {
        public String action() { return "rate.scheduled"; }
        public String objectType() { return "rate"; }
        public String objectId() { return rateId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("sku", sku);
            d.put("scope", areaId == null ? "platform default" : areaId.toString());
            d.put("currency", currency);
            d.put("unitPrice", unitPrice.toPlainString());
            d.put("effectiveFrom", effectiveFrom.toString());
            return d;
        }
    }

    /** The rating job (or an administrator) rated the ledger's hours in {@code [from, to)}. */
    public record HoursRated(Instant from, Instant to, int lines, Trace trace) implements AuditableEvent {
        public String action() { return "costs.rated"; }
        public String objectType() { return "cost-ledger"; }
        public String objectId() { return from + "/" + to; }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            return Map.of("lines", lines);
        }
    }

    /** A manager or an administrator changed an area's budgets (amounts, thresholds, models, webhook). */
    public record BudgetsChanged(UUID areaId, String areaName, String before, String after, Trace trace) implements AuditableEvent {
        public String action() { return "budget.changed"; }
        public String objectType() { return "budget"; }
        public String objectId() { return areaId.toString(); }
        public Map<String, Object> details() {
            return Map.of("area", areaName, "before", before, "after", after);
        }
    }

    /** An administrator changed an area's policy for requests that would take it over budget. */
    public record BudgetPolicyChanged(UUID areaId, String areaName, String before, String after, Trace trace) implements AuditableEvent {
        public String action() { return "budget.policy-changed"; }
        public String objectType() { return "budget"; }
        public String objectId() { return areaId.toString(); }
        public Map<String, Object> details() {
            return Map.of("area", areaName, "before", before, "after", after);
        }
    }

    /** The hourly check found a budget's threshold crossed (of the actual cost or of the forecast) for the first time this month. */
    public record BudgetAlertRaised(UUID alertId, UUID areaId, String scope, String month, String kind, int threshold, BigDecimal amount,
            BigDecimal budget, String currency, Trace trace) implements AuditableEvent {
        public String action() { return "budget.alert-raised"; }
        public String objectType() { return "budget-alert"; }
        public String objectId() { return alertId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("scope", scope);
            d.put("month", month);
            d.put("kind", kind);
            d.put("threshold", threshold);
            d.put("amount", amount.toPlainString());
            d.put("budget", budget.toPlainString());
            d.put("currency", currency);
            return d;
        }
    }

    /**
     * A request (a workspace, a deployment, …) would take the area over its month's budget: let through with
     * this warning (policy WARN) or refused (REFUSE, outcome DENIED).
     */
    public record BudgetExceededByRequest(UUID areaId, String what, String objectId, String policy, BigDecimal over, String currency,
            String message, Trace trace) implements AuditableEvent {
        public String action() { return "REFUSE".equals(policy) ? "budget.request-refused" : "budget.request-warned"; }
        public String objectType() { return "budget"; }
        public Outcome outcome() { return "REFUSE".equals(policy) ? Outcome.DENIED : Outcome.SUCCESS; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("what", what);
            d.put("policy", policy);
            d.put("over", over.toPlainString());
            d.put("currency", currency);
            d.put("message", message);
            return d;
        }
    }

    /**
     * The embedded default's demo cost history was written: usage intervals of the demo areas from {@code from} to
     * {@code until} (times in the past), and the hourly prediction counts of its demo releases.
     */
    public record DemoCostHistoryWritten(Instant from, Instant until, int intervals, int predictionHours, java.util.List<String> areas,
            Trace trace) implements AuditableEvent {
        public String action() { return "costs.demo-history-written"; }
        public String objectType() { return "cost-ledger"; }
        public String objectId() { return from + "/" + until; }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("areas", String.join(", ", areas));
            d.put("intervals", intervals);
            d.put("predictionHours", predictionHours);
            return d;
        }
    }
}
