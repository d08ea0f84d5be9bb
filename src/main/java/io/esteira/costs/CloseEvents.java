package io.esteira.costs;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The events of shared pools, the monthly close and statements, all recorded by the audit log. */
public final class CloseEvents {

    private CloseEvents() {
    }

    /** An administrator set the shared pools of a month (replacing the ones it had). */
    public record PoolsSet(YearMonth month, List<String> pools, Map<String, BigDecimal> totalByCurrency, Trace trace)
            implements AuditableEvent {
        public String action() { return "costs.pools-set"; }
        public String objectType() { return "cost-pools"; }
        public String objectId() { return month.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("pools", pools);
            totalByCurrency.forEach((c, a) -> d.put("total" + c, a.toPlainString()));
            return d;
        }
    }

    /** A month was closed: its lines are frozen and its statements issued (numbers and SHA-256 hashes). */
    public record MonthClosed(YearMonth month, Map<String, String> statementHashes, Map<String, BigDecimal> platformTotalByCurrency,
            Map<String, BigDecimal> unallocatedByCurrency, int corrections, Trace trace) implements AuditableEvent {
        public String action() { return "costs.month-closed"; }
        public String objectType() { return "cost-month"; }
        public String objectId() { return month.toString(); }
        public UUID areaId() { return null; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("statements", statementHashes);
            d.put("platformTotal", platformTotalByCurrency.toString());
            d.put("unallocated", unallocatedByCurrency.toString());
            d.put("corrections", corrections);
            return d;
        }
    }

    /** The close issued an area's statement. */
    public record StatementIssued(String number, UUID areaId, YearMonth month, BigDecimal total, String currency, String sha256,
            Trace trace) implements AuditableEvent {
        public String action() { return "costs.statement-issued"; }
        public String objectType() { return "cost-statement"; }
        public String objectId() { return number; }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("month", month.toString());
            d.put("total", total.toPlainString());
            d.put("currency", currency);
            d.put("sha256", sha256);
            return d;
        }
    }
}
