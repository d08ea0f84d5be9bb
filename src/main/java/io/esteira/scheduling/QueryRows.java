package io.esteira.scheduling;

import java.util.List;

/** The first rows of a query, as text; {@code more}: the query has further rows. */
public record QueryRows(List<String> columns, List<List<String>> rows, boolean more) {
}
