package io.esteira.features;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Calendar;
import java.util.TimeZone;

/** Values read from a source as the feature store keeps them: times as instants (UTC when the column has no zone). */
final class SourceValues {

    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    private SourceValues() {
    }

    static boolean hasZone(ColumnInfo column) {
        String type = column.typeName().toLowerCase();
        return type.contains("time zone") || type.contains("timestamptz");
    }

    static Instant instant(ResultSet rs, int index, ColumnInfo column) throws SQLException {
        if (hasZone(column)) {
            OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        Timestamp t = rs.getTimestamp(index, (Calendar) UTC.clone());
        return t == null ? null : t.toInstant();
    }

    /** Numbers as BigDecimal, booleans, times as ISO-8601 text, anything else as text. */
    static Object value(ResultSet rs, int index, ColumnInfo column) throws SQLException {
        return switch (column.kind()) {
            case NUMBER -> rs.getBigDecimal(index);
            case BOOLEAN -> {
                boolean b = rs.getBoolean(index);
                yield rs.wasNull() ? null : b;
            }
            case TIME -> {
                Instant t = instant(rs, index, column);
                yield t == null ? null : t.toString();
            }
            default -> rs.getString(index);
        };
    }
}
