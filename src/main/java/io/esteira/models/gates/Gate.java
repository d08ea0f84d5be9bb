package io.esteira.models.gates;

import io.esteira.models.GateResult;
import io.esteira.models.domain.GateRow;

/** The quality gates every version goes through, in the order they are shown. */
public enum Gate {
    ONNX_LOADS("Loads in ONNX Runtime"),
    SIGNATURE_FEATURES("Signature matches the features"),
    METRIC_THRESHOLDS("Metric thresholds"),
    SMOKE_PREDICTION("Smoke prediction"),
    CHECKSUM("Checksum");

    private final String title;

    Gate(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }

    /** A stored gate's result, with the gate's title. */
    public static GateResult result(GateRow r) {
        return new GateResult(r.getGate(), valueOf(r.getGate()).title(), r.getState(), r.getMessage(), r.getDurationMs(), r.getFinishedAt());
    }
}
