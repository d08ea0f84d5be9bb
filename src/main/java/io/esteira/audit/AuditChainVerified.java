package io.esteira.audit;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

public record AuditChainVerified(ChainVerification result, Trace trace) implements AuditableEvent {
    public String action() { return "audit.chain-verified"; }
    public String objectType() { return "audit-log"; }
    public String objectId() { return "chain"; }
    public UUID areaId() { return null; }
    public Outcome outcome() { return result.intact() ? Outcome.SUCCESS : Outcome.FAILED; }

    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkedRows", result.checkedRows());
        details.put("intact", result.intact());
        details.put("protection", result.protection());
        if (!result.intact()) {
            details.put("firstBrokenSeq", result.firstBrokenSeq());
            details.put("reason", result.reason());
        }
        return details;
    }
}
