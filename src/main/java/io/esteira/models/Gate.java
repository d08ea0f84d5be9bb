package io.esteira.models;

/** The quality gates every version goes through, in the order they are shown. */
enum Gate {
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
}
