package io.esteira.deployments;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How deployments' settings read, the same in the evidence pack, the screens and the API's messages. */
public final class DeploymentWords {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private DeploymentWords() {
    }

    public static String mode(ServingMode mode, String name) {
        return switch (mode) {
            case ONLINE_SYNC -> "online, synchronous (POST /api/v1/serving/" + name + "/predict)";
            case ONLINE_ASYNC -> "online, asynchronous (POST /api/v1/serving/" + name + "/predict-async)";
            case BATCH -> "batch, on a schedule";
        };
    }

    /** How a shadow compared with the live answers, line by line, the same on the release page and in the evidence pack. */
    public static Map<String, String> shadow(ShadowResults r) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Calls mirrored", String.format(Locale.ROOT, "%,d", r.calls()) + (r.failedCalls() == 0 ? ""
                : " (" + String.format(Locale.ROOT, "%,d", r.failedCalls()) + " the shadow could not score)"));
        lines.put("Rows compared", String.format(Locale.ROOT, "%,d", r.rowsCompared()));
        lines.put("Labels agree", r.agreement() == null ? "—" : String.format(Locale.ROOT, "%.1f%% of the rows", r.agreement() * 100));
        lines.put("Scores differ by", r.meanScoreDifference() == null ? "— (no score output)"
                : String.format(Locale.ROOT, "%.4f on average (absolute)", r.meanScoreDifference()));
        lines.put("Time to score a call", r.shadowMillis() == null ? "—" : String.format(Locale.ROOT, "%.2f ms (the live release: %.2f ms)",
                r.shadowMillis(), r.liveMillis()));
        return lines;
    }

    public static String modeShort(ServingMode mode) {
        return switch (mode) {
            case ONLINE_SYNC -> "Online (sync)";
            case ONLINE_ASYNC -> "Online (async)";
            case BATCH -> "Batch";
        };
    }

    public static String target(String target) {
        return switch (target) {
            case "embedded" -> "embedded (ONNX Runtime in the portal)";
            case "kubernetes" -> "kubernetes (a KServe InferenceService)";
            default -> target;
        };
    }

    public static String rollout(Rollout rollout, Integer canaryPercent) {
        return switch (rollout) {
            case ALL_AT_ONCE -> "all at once";
            case CANARY -> canaryPercent == null ? "canary, promoted" : "canary taking " + canaryPercent + "% of the calls";
            case ROLLBACK -> "rollback to the previous live version, all at once";
            case SHADOW -> "shadow: scores a mirror of the live release's calls, answers none";
        };
    }

    public static String resources(int replicas, String cpu, String memory) {
        String s = replicas + (replicas == 1 ? " replica" : " replicas");
        if (cpu != null) {
            s += ", " + cpu + " CPU";
        }
        if (memory != null) {
            s += ", " + memory + " memory";
        }
        return s;
    }

    public static String window(Instant start, Instant end) {
        if (start == null && end == null) {
            return "none: as soon as approved";
        }
        return (start == null ? "as soon as approved" : "from " + UTC.format(start)) + (end == null ? "" : " until " + UTC.format(end));
    }
}
