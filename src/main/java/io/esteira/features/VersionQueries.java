package io.esteira.features;

import io.esteira.features.domain.Feature;
import io.esteira.features.domain.FeatureGroupVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a stored version reads from its source, and the rules its rows must keep. */
final class VersionQueries {

    private VersionQueries() {
    }

    static SourceQuery query(FeatureGroupVersion v) {
        return v.getSourceSql() != null ? SourceQuery.select(v.getSourceSql()) : SourceQuery.table(v.getSourceSchema(), v.getSourceTable());
    }

    /** The entity keys, the event time and the features, each once. */
    static List<String> columns(FeatureGroupVersion v) {
        List<String> all = new ArrayList<>(v.entityKeyList());
        all.add(v.getEventTimeColumn());
        v.getFeatures().forEach(f -> all.add(f.getName()));
        return new ArrayList<>(new LinkedHashSet<>(all));
    }

    static List<String> features(FeatureGroupVersion v) {
        return v.getFeatures().stream().map(Feature::getName).toList();
    }

    static Map<String, StatisticsCalculator.Rule> rules(FeatureGroupVersion v) {
        Map<String, StatisticsCalculator.Rule> rules = new HashMap<>();
        for (Feature f : v.getFeatures()) {
            if (f.isNotNull() || f.getMinValue() != null || f.getMaxValue() != null || f.getAllowedValues() != null) {
                rules.put(f.getName(), new StatisticsCalculator.Rule(f.isNotNull(), f.getMinValue(), f.getMaxValue(),
                        f.getAllowedValues() == null ? Set.of() : Set.copyOf(Arrays.asList(f.getAllowedValues().split("\n")))));
            }
        }
        return rules;
    }
}
