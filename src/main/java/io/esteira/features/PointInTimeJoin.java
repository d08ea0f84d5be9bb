package io.esteira.features;

import io.esteira.shared.Csv;
import io.esteira.shared.InvalidRequestException;
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
        try (Lookup lookup = new Lookup(c, sourceSql, keyColumns, columns, timeColumn, features)) {
            for (int i = 0; i < request.rows().size(); i++) {
                List<String> keys = request.rows().get(i);
                out.append(String.join(",", keys.stream().map(Csv::cell).toList())).append(',')
                        .append(request.times().get(i));
                String[] found = lookup.at(keys, request.times().get(i), i);
                if (found != null) {
                    for (String value : found) {
                        out.append(',').append(Csv.cell(value));
                    }
                } else {
                    out.append(",".repeat(features.size() + 1));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The point-in-time lookup of one source query: for an entity's keys and a time, the latest row at
     * or before it (ties broken by the feature values, descending). One prepared statement, reused for
     * every row, so a caller can stream any number of rows through it.
     */
    static final class Lookup implements AutoCloseable {

        private final PreparedStatement statement;
        private final List<String> keyColumns;
        private final Map<String, ColumnInfo> columns;
        private final ColumnInfo time;
        private final int features;

        Lookup(Connection c, String sourceSql, List<String> keyColumns, Map<String, ColumnInfo> columns, String timeColumn,
                List<String> features) throws SQLException {
            String quote = c.getMetaData().getIdentifierQuoteString().strip();
            StringBuilder where = new StringBuilder();
            for (String key : keyColumns) {
                where.append(SourceExplorer.quoted(quote, key)).append(" = ? and ");
            }
            where.append(SourceExplorer.quoted(quote, timeColumn)).append(" <= ?");
            StringBuilder order = new StringBuilder(SourceExplorer.quoted(quote, timeColumn) + " desc");
            features.forEach(f -> order.append(", ").append(SourceExplorer.quoted(quote, f)).append(" desc"));
            String sql = "select " + SourceExplorer.quoted(quote, timeColumn) + ", "
                    + String.join(", ", features.stream().map(f -> SourceExplorer.quoted(quote, f)).toList())
                    + " from (" + sourceSql + ") q where " + where + " order by " + order;
            this.statement = c.prepareStatement(sql);
            this.statement.setMaxRows(1);
            this.statement.setQueryTimeout(60);
            this.keyColumns = keyColumns;
            this.columns = columns;
            this.time = columns.get(timeColumn);
            this.features = features.size();
        }

        /**
         * @param row the request's row number from 0, for messages
         * @return the event time of the row used and then the features' values as text; null when the entity had no row by then
         */
        String[] at(List<String> keys, Instant at, int row) throws SQLException {
            for (int k = 0; k < keys.size(); k++) {
                bind(statement, k + 1, columns.get(keyColumns.get(k)), keys.get(k), row);
            }
            if (time.typeName().toLowerCase().contains("time zone") || time.typeName().toLowerCase().contains("timestamptz")) {
                statement.setObject(keys.size() + 1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            } else {
                statement.setTimestamp(keys.size() + 1, Timestamp.from(at), UTC);
            }
            try (io.esteira.shared.jdbc.Cancellation.Watch watch = io.esteira.shared.jdbc.Cancellation.watch(statement); ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String[] values = new String[features + 1];
                values[0] = instantText(rs.getObject(1));
                for (int f = 0; f < features; f++) {
                    values[f + 1] = rs.getString(f + 2);
                }
                return values;
            }
        }

        @Override
        public void close() throws SQLException {
            statement.close();
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
