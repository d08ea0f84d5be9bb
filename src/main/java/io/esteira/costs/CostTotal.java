package io.esteira.costs;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sum of the ledger's lines of one period (a UTC day or month, by its first day) and one group.
 *
 * @param key       what the group is (see {@link By}); null when not grouped, or for the lines of no person or no model
 * @param label     the group for people: the kind, the person's name, the SKU, the resource's or the model's name
 * @param lines     how many hourly lines it sums
 * @param resources how many ledger resources those lines are of (runs: one each)
 */
public record CostTotal(LocalDate period, String key, String label, String currency, BigDecimal amount, long lines, long resources) {

    public enum Granularity { DAY, MONTH }

    /**
     * How totals are grouped, and the key of each group: KIND the resource kind; PERSON the person's id (null: the
     * platform's, no person's); SKU the SKU; RESOURCE {@code KIND/resource id}; MODEL the model's id (null: not tied
     * to a model); RESOURCE_GROUP as RESOURCE, but the runs of one schedule (a scheduled query's, or a batch
     * deployment's) or of one training job together as {@code KIND/schedule or job id}.
     */
    public enum By { KIND, PERSON, SKU, RESOURCE, MODEL, RESOURCE_GROUP }

    /**
     * Only the lines of one group of a grouping: those a total grouped {@code by} with this {@code key} sums (null:
     * the group whose key is null), so that the totals within it add up to that total exactly.
     */
    public record Within(By by, String key) {
    }
}
