package io.esteira.features;

import io.esteira.shared.Csv;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.jdbc.Cancellation;
import java.io.IOException;
import java.io.StringReader;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * A point-in-time-correct training set: for each requested entity and time, the feature values of
 * the latest row at or before that time, never one from its future. Rows that share the latest event
 * time are broken by the feature values in descending order, so the answer is the same on every run.
 * The request is CSV: the entity key columns and a {@code timestamp} column (ISO-8601).
 */
final class PointInTimeJoin {

    static final int MAX_ROWS = 100_000;
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    private PointInTimeJoin() {
    }

    record Request(List<String> keys, List<List<String>> rows, List<Instant> times) {
    }

    /** @throws InvalidRequestException naming {@code csv} with the line that is wrong */
    static Request parse(String csv, List<String> keyColumns) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(csv == null ? "" : csv))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new InvalidRequestException("csv", "Cannot read the CSV: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new InvalidRequestException("csv", "The CSV is empty; its header names the entity keys and timestamp");
        }
        List<String> header = List.of(lines.getFirst().split(",", -1)).stream().map(String::strip).toList();
        List<String> expected = new ArrayList<>(keyColumns);
        expected.add("timestamp");
        if (!header.equals(expected)) {
            throw new InvalidRequestException("csv", "The header must be " + String.join(",", expected) + "; it is " + lines.getFirst());
        }
        if (lines.size() - 1 > MAX_ROWS) {
            throw new InvalidRequestException("csv", "At most " + MAX_ROWS + " rows per request; this one has " + (lines.size() - 1));
        }
        List<List<String>> rows = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != expected.size()) {
                throw new InvalidRequestException("csv", "Line " + (i + 1) + " has " + cells.length + " values; the header has " + expected.size());
            }
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < keyColumns.size(); k++) {
                if (cells[k].isBlank()) {
                    throw new InvalidRequestException("csv", "Line " + (i + 1) + " has no value for " + keyColumns.get(k));
                }
                keys.add(cells[k].strip());
            }
            try {
                times.add(OffsetDateTime.parse(cells[cells.length - 1].strip()).toInstant());
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException("csv", "Line " + (i + 1) + ": " + cells[cells.length - 1]
                        + " is not an ISO-8601 time with offset, e.g. 2026-05-01T12:00:00Z");
            }
            rows.add(keys);
        }
        return new Request(keyColumns, rows, times);
    }

    /** Joins each request row; writes CSV: keys, timestamp, the event time of the row used, then the features. */
    static String join(Connection c, String sourceSql, List<String> keyColumns, Map<String, ColumnInfo> columns,
            String timeColumn, List<String> features, Request request) throws SQLException {
        // a download opened in a spreadsheet: every cell through the one helper that defuses formulas
        StringBuilder out = new StringBuilder(String.join(",", keyColumns.stream().map(Csv::cell).toList()))
                .append(",timestamp,feature_event_time");
        features.forEach(f -> out.append(',').append(Csv.cell(f)));
        out.append('\n');
        try (Batch lookup = new Batch(c, sourceSql, keyColumns, columns, timeColumn, features)) {
            for (int from = 0; from < request.rows().size(); from += TrainingSets.BATCH) {
                int to = Math.min(request.rows().size(), from + TrainingSets.BATCH);
                List<String[]> found = lookup.at(request.rows().subList(from, to), request.times().subList(from, to), from);
                for (int i = from; i < to; i++) {
                    List<String> keys = request.rows().get(i);
                    out.append(String.join(",", keys.stream().map(Csv::cell).toList())).append(',').append(request.times().get(i));
                    String[] values = found.get(i - from);
                    if (values != null) {
                        for (String value : values) {
                            out.append(',').append(Csv.cell(value));
                        }
                    } else {
                        out.append(",".repeat(features.size() + 1));
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * The point-in-time lookup of many entity rows at once: one query per batch reads the history of the
     * batch's distinct entities up to its latest time (ordered by entity, event time and the features, as
     * the source sorts them), and each row takes the last one at or before its own time: the latest row,
     * ties to the highest feature values, as a query of its own would pick. A million rows are a thousand
     * queries, not a million. On H2, which scans the table for a list of parameters, each row is looked up
     * on its own with that query.
     */
    static final class Batch implements AutoCloseable {

        private final Connection connection;
        private final List<String> keyColumns;
        private final Map<String, ColumnInfo> columns;
        private final ColumnInfo time;
        private final int features;
        private final String select;
        private final String quote;
        /** One row's query, for databases that do not look a list of parameters up on an index (H2 scans the table for it). */
        private final PreparedStatement single;

        Batch(Connection c, String sourceSql, List<String> keyColumns, Map<String, ColumnInfo> columns, String timeColumn,
                List<String> features) throws SQLException {
            this(c, sourceSql, keyColumns, columns, timeColumn, features, "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName()));
        }

        /** @param rowByRow each row looked up on its own (H2), else a batch's entities in one query */
        Batch(Connection c, String sourceSql, List<String> keyColumns, Map<String, ColumnInfo> columns, String timeColumn,
                List<String> features, boolean rowByRow) throws SQLException {
            this.connection = c;
            this.quote = c.getMetaData().getIdentifierQuoteString().strip();
            this.keyColumns = keyColumns;
            this.columns = columns;
            this.time = columns.get(timeColumn);
            this.features = features.size();
            List<String> keys = keyColumns.stream().map(k -> SourceExplorer.quoted(quote, k)).toList();
            List<String> values = features.stream().map(f -> SourceExplorer.quoted(quote, f)).toList();
            String t = SourceExplorer.quoted(quote, timeColumn);
            this.select = "select " + String.join(", ", keys) + ", " + t + (values.isEmpty() ? "" : ", " + String.join(", ", values))
                    + " from (" + sourceSql + ") q where %s and " + t + " <= ? order by " + String.join(", ", keys) + ", " + t
                    + (values.isEmpty() ? "" : ", " + String.join(", ", values));
            if (rowByRow) {
                // measured: 1,000 parameters in an IN list take H2 25 s on a million rows, 1,000 lookups of one row 0.5 s
                StringBuilder order = new StringBuilder(t + " desc");
                values.forEach(v -> order.append(", ").append(v).append(" desc"));
                this.single = c.prepareStatement("select " + t + (values.isEmpty() ? "" : ", " + String.join(", ", values)) + " from ("
                        + sourceSql + ") q where " + String.join(" and ", keys.stream().map(k -> k + " = ?").toList()) + " and " + t
                        + " <= ? order by " + order);
                this.single.setMaxRows(1);
                this.single.setQueryTimeout(60);
            } else {
                this.single = null;
            }
        }

        /** The latest row of one entity at or before a time (ties to the highest feature values), or null. */
        private String[] one(List<String> keys, Instant at, long row) throws SQLException {
            for (int k = 0; k < keys.size(); k++) {
                bind(single, k + 1, columns.get(keyColumns.get(k)), keys.get(k), (int) Math.min(row, Integer.MAX_VALUE - 2));
            }
            bindTime(single, keys.size() + 1, at);
            try (Cancellation.Watch watch = Cancellation.watch(single); ResultSet rs = single.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String[] values = new String[features + 1];
                Instant t = SourceValues.instant(rs, 1, time);
                values[0] = t == null ? null : t.toString();
                for (int f = 0; f < features; f++) {
                    values[f + 1] = rs.getString(f + 2);
                }
                return values;
            }
        }

        private void bindTime(PreparedStatement statement, int index, Instant at) throws SQLException {
            if (SourceValues.hasZone(time)) {
                statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            } else {
                statement.setTimestamp(index, Timestamp.from(at), UTC);
            }
        }

        /**
         * @param keys  each row's entity key values (as text; a row with a missing key finds nothing)
         * @param times each row's time
         * @param firstRow the first row's number from 0, for messages
         * @return per row, the event time of the row used and then the features' values as text; null when the entity had no row by then
         */
        List<String[]> at(List<List<String>> keys, List<Instant> times, long firstRow) throws SQLException {
            if (single != null) {
                List<String[]> found = new ArrayList<>(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    found.add(missing(keys.get(i)) ? null : one(keys.get(i), times.get(i), firstRow + i));
                }
                return found;
            }
            java.util.LinkedHashMap<List<String>, Integer> distinct = new java.util.LinkedHashMap<>();
            Instant latest = null;
            for (int i = 0; i < keys.size(); i++) {
                if (missing(keys.get(i))) {
                    continue;
                }
                distinct.putIfAbsent(normalized(keys.get(i)), i);
                latest = latest == null || times.get(i).isAfter(latest) ? times.get(i) : latest;
            }
            List<String[]> found = new ArrayList<>(keys.size());
            if (distinct.isEmpty()) {
                keys.forEach(k -> found.add(null));
                return found;
            }
            Map<List<String>, List<Instant>> historyTimes = new java.util.HashMap<>();
            Map<List<String>, List<String[]>> history = new java.util.HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(String.format(select, where(distinct.size())))) {
                statement.setQueryTimeout(300);
                statement.setFetchSize(5_000);
                int index = 1;
                for (Map.Entry<List<String>, Integer> entity : distinct.entrySet()) {
                    List<String> original = keys.get(entity.getValue());
                    for (int k = 0; k < keyColumns.size(); k++) {
                        bind(statement, index++, columns.get(keyColumns.get(k)), original.get(k), (int) Math.min(firstRow + entity.getValue(),
                                Integer.MAX_VALUE - 2));
                    }
                }
                bindTime(statement, index, latest);
                try (Cancellation.Watch watch = Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                    int n = keyColumns.size();
                    while (rs.next()) {
                        List<String> key = new ArrayList<>(n);
                        for (int k = 0; k < n; k++) {
                            key.add(rs.getString(k + 1));
                        }
                        key = normalized(key);
                        Instant at = SourceValues.instant(rs, n + 1, time);
                        String[] values = new String[features + 1];
                        values[0] = at == null ? null : at.toString();
                        for (int f = 0; f < features; f++) {
                            values[f + 1] = rs.getString(n + 2 + f);
                        }
                        historyTimes.computeIfAbsent(key, x -> new ArrayList<>()).add(at);
                        history.computeIfAbsent(key, x -> new ArrayList<>()).add(values);
                    }
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                if (missing(keys.get(i))) {
                    found.add(null);
                    continue;
                }
                List<String> key = normalized(keys.get(i));
                List<Instant> at = historyTimes.get(key);
                int last = at == null ? -1 : lastAtOrBefore(at, times.get(i));
                found.add(last < 0 ? null : history.get(key).get(last));
            }
            return found;
        }

        private static boolean missing(List<String> key) {
            return key.stream().anyMatch(java.util.Objects::isNull);
        }

        /** The index of the last time at or before {@code t} in ascending times (nulls, which no time reaches, skipped); -1 if none. */
        private static int lastAtOrBefore(List<Instant> times, Instant t) {
            int lo = 0;
            int hi = times.size() - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Instant m = times.get(mid);
                if (m != null && m.isAfter(t)) {
                    hi = mid - 1;
                } else {
                    if (m != null) {
                        found = mid;
                    }
                    lo = mid + 1;
                }
            }
            return found;
        }

        private String where(int entities) {
            if (keyColumns.size() == 1) {
                return SourceExplorer.quoted(quote, keyColumns.getFirst()) + " in (" + String.join(", ", java.util.Collections.nCopies(entities,
                        "?")) + ")";
            }
            String one = "(" + String.join(" and ", keyColumns.stream().map(k -> SourceExplorer.quoted(quote, k) + " = ?").toList()) + ")";
            return "(" + String.join(" or ", java.util.Collections.nCopies(entities, one)) + ")";
        }

        @Override
        public void close() throws SQLException {
            if (single != null) {
                single.close();
            }
        }

        /** Key values as the source compares them: numbers by value (1, 1.0 and 1.00 alike), true/false in one case. */
        private List<String> normalized(List<String> key) {
            List<String> out = new ArrayList<>(key.size());
            for (int k = 0; k < key.size(); k++) {
                String v = key.get(k);
                ColumnInfo column = columns.get(keyColumns.get(k));
                if (v != null && column.kind() == ColumnInfo.Kind.NUMBER) {
                    try {
                        v = new BigDecimal(v.strip()).stripTrailingZeros().toPlainString();
                    } catch (NumberFormatException e) {
                        // bound as a number it is refused with its line; as a key it matches nothing
                    }
                } else if (v != null && column.kind() == ColumnInfo.Kind.BOOLEAN) {
                    v = String.valueOf(Boolean.parseBoolean(v.strip()));
                }
                out.add(v);
            }
            return out;
        }
    }

    private static void bind(PreparedStatement statement, int index, ColumnInfo column, String value, int row) throws SQLException {
        try {
            switch (column.kind()) {
                case NUMBER -> statement.setBigDecimal(index, new BigDecimal(value));
                case BOOLEAN -> statement.setBoolean(index, Boolean.parseBoolean(value));
                default -> statement.setString(index, value);
            }
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("csv", "Line " + (row + 2) + ": " + value + " is not a number, and " + column.name() + " is");
        }
    }

    private static String instantText(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime t -> t.toInstant().toString();
            case Timestamp t -> t.toInstant().toString();
            default -> value.toString();
        };
    }


    /** A cell of the CSV passed between the source explorer and {@link #parse} (never downloaded as is). */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
