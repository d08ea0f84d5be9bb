package io.esteira.features;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.Map;
import java.util.UUID;

/** The events of the feature store, all recorded by the audit log. */
public final class FeatureEvents {

    private FeatureEvents() {
    }

    /** A data source was created or changed; {@code changes} never holds the password, only whether it changed. */
    public record DataSourceSaved(UUID dataSourceId, UUID areaId, String name, boolean created, Map<String, Object> changes,
            Trace trace) implements AuditableEvent {
        public String action() { return created ? "data-source.created" : "data-source.updated"; }
        public String objectType() { return "data-source"; }
        public String objectId() { return dataSourceId.toString(); }
        public Map<String, Object> details() { return changes; }
    }

    public record DataSourceTested(UUID dataSourceId, UUID areaId, String name, boolean ok, String message, Trace trace)
            implements AuditableEvent {
        public String action() { return "data-source.tested"; }
        public String objectType() { return "data-source"; }
        public String objectId() { return dataSourceId.toString(); }
        public Outcome outcome() { return ok ? Outcome.SUCCESS : Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("name", name, "result", message); }
    }

    /**
     * People's SQL ran on a data source, failed there, or was refused by the portal ({@code DENIED}).
     *
     * @param purpose what it was for: preview, statistics, training set, schedule preview
     */
    public record SourceQueried(UUID dataSourceId, UUID areaId, String source, String purpose, String sql, Outcome outcome,
            String reason, Trace trace) implements AuditableEvent {
        public String action() { return "data-source.queried"; }
        public String objectType() { return "data-source"; }
        public String objectId() { return dataSourceId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("source", source);
            details.put("purpose", purpose);
            details.put("sql", sql);
            if (reason != null) {
                details.put("reason", reason.length() > 2_000 ? reason.substring(0, 2_000) + "…" : reason);
            }
            return details;
        }
    }

    /**
     * An administrator changed who may query a source or how its columns are classified.
     *
     * @param change granted, grant-revoked, column-classified, column-declassified
     */
    public record SourceAccessChanged(UUID dataSourceId, String source, String change, Map<String, Object> details, Trace trace)
            implements AuditableEvent {
        public String action() { return "data-source." + change; }
        public String objectType() { return "data-source"; }
        public String objectId() { return dataSourceId.toString(); }
        public UUID areaId() { return null; }
    }

    public record FeatureGroupVersionRegistered(UUID groupId, UUID areaId, String name, int number, int features, Trace trace)
            implements AuditableEvent {
        public String action() { return "feature-group.registered"; }
        public String objectType() { return "feature-group"; }
        public String objectId() { return groupId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "version", number, "features", features); }
    }

    public record FeatureGroupStatisticsComputed(UUID groupId, UUID areaId, String name, int number, boolean ok, String result,
            Trace trace) implements AuditableEvent {
        public String action() { return "feature-group.statistics"; }
        public String objectType() { return "feature-group"; }
        public String objectId() { return groupId.toString(); }
        public Outcome outcome() { return ok ? Outcome.SUCCESS : Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("name", name, "version", number, "result", result); }
    }

    public record FeatureGroupStatusChanged(UUID groupId, UUID areaId, String name, int number, String status, Trace trace)
            implements AuditableEvent {
        public String action() { return "feature-group." + status.toLowerCase(); }
        public String objectType() { return "feature-group"; }
        public String objectId() { return groupId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "version", number); }
    }

    /** Someone read a group's values (a training set, later online lookups): "who reads it". */
    public record FeatureGroupRead(UUID groupId, UUID areaId, String name, int number, String how, int rows,
            java.util.List<String> features, Trace trace) implements AuditableEvent {
        public String action() { return "feature-group.read"; }
        public String objectType() { return "feature-group"; }
        public String objectId() { return groupId.toString(); }
        public Map<String, Object> details() {
            return Map.of("name", name, "version", number, "how", how, "rows", rows, "features", String.join(",", features));
        }
    }

    /** An area asked to read personal-data features of a group another area owns; {@code areaId} is the owner. */
    public record FeatureAccessRequested(UUID requestId, UUID areaId, String group, String requesterArea,
            java.util.List<String> features, String justification, Trace trace) implements AuditableEvent {
        public String action() { return "feature-access.requested"; }
        public String objectType() { return "feature-access-request"; }
        public String objectId() { return requestId.toString(); }
        public Map<String, Object> details() {
            return Map.of("group", group, "requesterArea", requesterArea, "features", String.join(",", features),
                    "justification", justification);
        }
    }

    /** The owning area's manager approved, rejected or revoked a request. */
    public record FeatureAccessDecided(UUID requestId, UUID areaId, String group, String requesterArea,
            java.util.List<String> features, String decision, String comment, Trace trace) implements AuditableEvent {
        public String action() { return "feature-access." + decision.toLowerCase(); }
        public String objectType() { return "feature-access-request"; }
        public String objectId() { return requestId.toString(); }
        public Map<String, Object> details() {
            return Map.of("group", group, "requesterArea", requesterArea, "features", String.join(",", features), "comment", comment);
        }
    }

    /**
     * An area asked for access to a data source (a grant, or another area's personal-data columns), or
     * its request was decided: {@code change} is requested, approved, rejected or revoked;
     * {@code areaId} is the requesting area.
     */
    public record SourceAccessRequestChanged(UUID requestId, UUID areaId, String source, String change, Map<String, Object> details,
            Trace trace) implements AuditableEvent {
        public String action() { return "data-access." + change; }
        public String objectType() { return "data-access-request"; }
        public String objectId() { return requestId.toString(); }
    }

    /** A published version was refreshed: its rules checked on the current data and its online values rebuilt. */
    public record FeatureGroupRefreshed(UUID groupId, UUID areaId, String name, int number, boolean ok, long rows, long entities,
            long violations, String result, Trace trace) implements AuditableEvent {
        public String action() { return violations > 0 ? "feature-group.rules-broken" : "feature-group.refreshed"; }
        public String objectType() { return "feature-group"; }
        public String objectId() { return groupId.toString(); }
        public Outcome outcome() { return ok && violations == 0 ? Outcome.SUCCESS : Outcome.FAILED; }
        public Map<String, Object> details() {
            return Map.of("name", name, "version", number, "rows", rows, "entities", entities, "violations", violations, "result", result);
        }
    }
}
