package io.esteira.models;

import java.util.List;

/**
 * What a version was trained on: feature group versions of the feature store and a reference to
 * the training-set snapshot (e.g. a path or a table with its date).
 */
public record Lineage(List<FeatureGroupRef> featureGroups, String trainingSet) {

    public Lineage {
        featureGroups = featureGroups == null ? List.of() : List.copyOf(featureGroups);
    }

    public record FeatureGroupRef(String name, int version) {
        @Override
        public String toString() {
            return name + " v" + version;
        }
    }
}
