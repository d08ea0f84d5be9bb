package io.esteira.costs;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sum of the ledger's lines of one period (a UTC day or month, by its first day) and one group.
 *
 * @param key   what the group is: a resource kind, a person's id, a SKU, {@code KIND/resource id}; null when not grouped
 * @param label the group for people: the kind, the person's name, the SKU, the resource's name
 * @param lines how many hourly lines it sums
 */
public record CostTotal(LocalDate period, String key, String label, String currency, BigDecimal amount, long lines) {

    public enum Granularity { DAY, MONTH }

    public enum By { KIND, PERSON, SKU, RESOURCE }
}
