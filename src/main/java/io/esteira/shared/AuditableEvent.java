package io.esteira.shared;

import java.util.Map;
import java.util.UUID;

/**
 * A state change that the audit log records. Every module's events implement it; the audit module
 * listens to this type only, so no module depends on audit.
 */
public interface AuditableEvent {

    Trace trace();

    /** Verb-like name, e.g. {@code area.created}. */
    String action();

    String objectType();

    String objectId();

    /** The business area the object belongs to, or null for platform-wide objects. */
    UUID areaId();

    default Outcome outcome() {
        return Outcome.SUCCESS;
    }

    default Map<String, Object> details() {
        return Map.of();
    }

    enum Outcome { SUCCESS, DENIED, FAILED }
}
