package io.esteira.models.domain;

import io.esteira.models.Lineage;
import io.esteira.models.Signature;
import io.esteira.models.Threshold;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The registry's records as read from what a model and its versions store (their JSON columns). */
public final class StoredRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredRecords() {
    }

    public static List<Threshold> thresholds(Model m) {
        return m.getThresholds().stream().map(t -> new Threshold(t.getMetric(), t.getOperator(), t.getThreshold())).toList();
    }

    public static Signature signature(ModelVersion v) {
        return JSON.readValue(v.getSignature(), Signature.class);
    }

    public static Map<String, Double> metrics(ModelVersion v) {
        return JSON.readValue(v.getMetrics(), new TypeReference<LinkedHashMap<String, Double>>() { });
    }

    public static Map<String, String> parameters(ModelVersion v) {
        return JSON.readValue(v.getParameters(), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    public static Lineage lineage(ModelVersion v) {
        return JSON.readValue(v.getLineage(), Lineage.class);
    }

    public static List<Map<String, Object>> sampleRows(ModelVersion v) {
        return v.getSampleRows() == null ? List.of() : JSON.readValue(v.getSampleRows(), new TypeReference<List<Map<String, Object>>>() { });
    }
}
