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
}
