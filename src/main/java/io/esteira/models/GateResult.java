package io.esteira.models;

import java.time.Instant;

/**
 * One quality gate's result for a version.
 *
 * @param gate  {@code ONNX_LOADS}, {@code SIGNATURE_FEATURES}, {@code METRIC_THRESHOLDS}, {@code SMOKE_PREDICTION} or {@code CHECKSUM}
 * @param state {@code PASSED}, {@code FAILED} or {@code SKIPPED}
 */
public record GateResult(String gate, String title, String state, String message, long durationMs, Instant finishedAt) {

    public boolean passed() {
        return state.equals("PASSED");
    }
}
