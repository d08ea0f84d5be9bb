package io.esteira.models;

import java.util.List;
import java.util.Map;

/**
 * What a pipeline says about a version it registers, next to the artifact.
 *
 * @param sha256      the SHA-256 of the artifact as the pipeline computed it (hex); the checksum gate compares
 * @param artifactUri for a model the portal does not serve: where the artifact lives (then no bytes are sent)
 * @param sampleRows  optional rows for the smoke prediction, input name to value; otherwise rows of the
 *                    referenced feature groups are used
 */
public record VersionMetadata(Signature signature, Map<String, Double> metrics, Map<String, String> parameters, Lineage lineage,
        String commit, String ciRunUrl, String modelCard, String sha256, String artifactUri, List<Map<String, Object>> sampleRows) {
}
