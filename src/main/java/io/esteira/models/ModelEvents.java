package io.esteira.models;

import io.esteira.shared.AuditableEvent;
import io.esteira.shared.Trace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The events of the model registry, all recorded by the audit log. */
public final class ModelEvents {

    private ModelEvents() {
    }

    public record ModelCreated(UUID modelId, UUID areaId, String name, int riskTier, String thresholds, Trace trace)
            implements AuditableEvent {
        public String action() { return "model.created"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "riskTier", riskTier, "thresholds", thresholds); }
    }

    /** A version was registered (its gates then run in the background). */
    public record ModelVersionRegistered(UUID modelId, UUID versionId, UUID areaId, String name, int number, String format,
            String sha256, String commit, Trace trace) implements AuditableEvent {
        public String action() { return "model.version-registered"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("version", number);
            d.put("format", format);
            d.put("sha256", String.valueOf(sha256));
            d.put("commit", String.valueOf(commit));
            return d;
        }
    }

    /** A version's quality gates finished: {@code state} is PASSED, FAILED or INCOMPLETE. */
    public record ModelVersionGated(UUID modelId, UUID versionId, UUID areaId, String name, int number, String state, String summary,
            Trace trace) implements AuditableEvent {
        public boolean passed() { return state.equals("PASSED"); }
        public String action() { return "model.gates"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Outcome outcome() { return passed() ? Outcome.SUCCESS : Outcome.FAILED; }
        public Map<String, Object> details() { return Map.of("name", name, "version", number, "state", state, "result", summary); }
    }

    /** An alias now points at another version; {@code from} is null for a new alias. */
    public record ModelAliasMoved(UUID modelId, UUID areaId, String name, String alias, Integer from, int to, Trace trace)
            implements AuditableEvent {
        public String action() { return "model.alias-moved"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Map<String, Object> details() {
            return Map.of("name", name, "alias", alias, "from", from == null ? "" : String.valueOf(from), "to", to);
        }
    }

    public record ModelArtifactDownloaded(UUID modelId, UUID areaId, String name, int number, String sha256, Trace trace)
            implements AuditableEvent {
        public String action() { return "model.artifact-downloaded"; }
        public String objectType() { return "model"; }
        public String objectId() { return modelId.toString(); }
        public Map<String, Object> details() { return Map.of("name", name, "version", number, "sha256", String.valueOf(sha256)); }
    }
}
