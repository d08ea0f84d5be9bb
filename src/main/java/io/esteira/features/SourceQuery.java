package io.esteira.features;

/**
 * What to read from a data source: a table (by schema and name) or a SELECT statement.
 * Exactly one of {@code table} and {@code sql} is set.
 */
public record SourceQuery(String schema, String table,
        @jakarta.validation.constraints.Size(max = 100_000, message = "At most 100,000 characters") String sql) {

    public static SourceQuery table(String schema, String table) {
        return new SourceQuery(schema, table, null);
    }

    public static SourceQuery select(String sql) {
        return new SourceQuery(null, null, sql);
    }

    public boolean isTable() {
        return table != null && !table.isBlank();
    }
}
