package io.esteira.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything about one version: what was registered, by whom, and its gate results. The evidence
 * a reviewer judges: {@link #modelCard()} (Markdown; render it with {@link io.esteira.models.ui.ModelCards#html}),
 * {@link #gateResults()}, {@link #metrics()}, {@link #lineage()}, {@link #registeredBy()}, and the
 * model's {@link #riskTier()} and {@link #areaId()}.
 *
 * @param format           {@code ONNX} (bytes the portal serves) or {@code EXTERNAL} ({@link #artifactUri()})
 * @param registeredBy     the user name, or the pipeline account with its token
 * @param registeredByType {@code USER}, {@code TOKEN}, {@code PIPELINE} or {@code SYSTEM}
 * @param gates            {@code PENDING}, {@code RUNNING}, {@code PASSED} (every gate passed), {@code FAILED}
 *                         (one failed) or {@code INCOMPLETE} (some were skipped)
 */
public record VersionView(UUID id, UUID modelId, UUID areaId, String model, int riskTier, int number, String format,
        String artifactUri, long artifactSize, String sha256, String declaredSha256, Signature signature, Map<String, Double> metrics,
        Map<String, String> parameters, Lineage lineage, String commit, String ciRunUrl, String modelCard, String registeredBy,
        UUID registeredById, String registeredByType, Instant registeredAt, String gates, Instant gatesFinishedAt,
        List<GateResult> gateResults, List<String> aliases) {

    public boolean passedGates() {
        return gates.equals("PASSED");
    }

    public boolean gatesDone() {
        return !gates.equals("PENDING") && !gates.equals("RUNNING");
    }
}
