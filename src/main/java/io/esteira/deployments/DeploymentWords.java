package io.esteira.deployments;

import io.esteira.shared.Formats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How deployments' settings read, the same in the evidence pack, the screens and the API's messages. */
public final class DeploymentWords {

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
        lines.put("Calls mirrored", Formats.count(r.calls()) + (r.failedCalls() == 0 ? ""
                : " (" + Formats.count(r.failedCalls()) + " the shadow could not score)"));
        lines.put("Rows compared", Formats.count(r.rowsCompared()));
        lines.put("Labels agree", r.agreement() == null ? Formats.NONE : Formats.percent(r.agreement()) + " of the rows");
        lines.put("Scores differ by", r.meanScoreDifference() == null ? Formats.NONE + " (no score output)"
                : Formats.decimal(r.meanScoreDifference(), 4) + " on average (absolute)");
        lines.put("Time to score a call", r.shadowMillis() == null ? Formats.NONE : Formats.decimal(r.shadowMillis(), 2) + " ms (the live release: "
                + Formats.decimal(r.liveMillis(), 2) + " ms)");
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
        return (start == null ? "as soon as approved" : "from " + Formats.dateTime(start)) + (end == null ? "" : " until " + Formats.dateTime(end));
    }
}
