package io.esteira.costs;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A storage measurement changed what an area is metered for: resources stored for the first time (opened),
 * resized by more than the tolerance (a new interval), or gone (closed). A measurement that changes
 * nothing in an area publishes nothing for it. Recorded by the audit log.
 *
 * @param bytes what the area's measured resources store now, in total
 */
public record StorageMeasured(UUID areaId, Instant at, int opened, int resized, int closed, long bytes, Trace trace)
        implements AuditableEvent {
    public String action() { return "costs.storage-measured"; }
    public String objectType() { return "storage"; }
    public String objectId() { return areaId + "@" + at; }
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("measuredAt", at.toString());
        d.put("opened", opened);
        d.put("resized", resized);
        d.put("closed", closed);
        d.put("bytes", bytes);
        return d;
    }
}
