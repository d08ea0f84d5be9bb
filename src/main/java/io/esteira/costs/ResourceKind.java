package io.esteira.costs;

/** What a ledger line is the cost of. */
public enum ResourceKind {
    WORKSPACE("workspace"), WORKSPACE_DISK("workspace-disk"), SCHEDULE_RUN("schedule-run"), BATCH_RUN("batch-run"),
    DEPLOYMENT("deployment"), PREDICTIONS(null), STORAGE(null), TRAINING_RUN("training-run");

    private final String sourceType;

    ResourceKind(String sourceType) {
        this.sourceType = sourceType;
    }

    /** The usage ledger's source type of the kind's intervals; null for counted kinds. */
    public String sourceType() {
        return sourceType;
    }

    public static ResourceKind ofSource(String sourceType) {
        if (StorageKind.ofSource(sourceType) != null) {
            return STORAGE; // feature groups' tables, model artifacts, the prediction log (see StorageKind)
        }
        for (ResourceKind k : values()) {
            if (sourceType.equals(k.sourceType)) {
                return k;
            }
        }
        throw new IllegalArgumentException("No resource kind meters " + sourceType);
    }
}
