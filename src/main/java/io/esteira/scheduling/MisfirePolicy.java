package io.esteira.scheduling;

/** What happens to fires missed while no node could run them (all nodes down, or every worker busy for over a minute). */
public enum MisfirePolicy {

    RUN_ONCE("Run once as soon as possible, then keep to the schedule"),
    SKIP("Skip missed runs and wait for the next time"),
    RUN_ALL("Run every missed time, one after another");

    private final String label;

    MisfirePolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
