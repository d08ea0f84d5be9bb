package io.esteira.features;

/**
 * A column of a table or query, as the source's JDBC driver describes it.
 *
 * @param kind how the feature store treats it: NUMBER, TEXT, TIME, BOOLEAN or OTHER
 */
public record ColumnInfo(String name, String typeName, int jdbcType, Kind kind) {

    public enum Kind { NUMBER, TEXT, TIME, BOOLEAN, OTHER }

    static Kind kindOf(int jdbcType) {
        return switch (jdbcType) {
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER, java.sql.Types.BIGINT,
                    java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE, java.sql.Types.NUMERIC,
                    java.sql.Types.DECIMAL -> Kind.NUMBER;
            case java.sql.Types.CHAR, java.sql.Types.VARCHAR, java.sql.Types.LONGVARCHAR, java.sql.Types.NCHAR,
                    java.sql.Types.NVARCHAR, java.sql.Types.LONGNVARCHAR, java.sql.Types.CLOB -> Kind.TEXT;
            case java.sql.Types.DATE, java.sql.Types.TIMESTAMP, java.sql.Types.TIMESTAMP_WITH_TIMEZONE,
                    java.sql.Types.TIME, java.sql.Types.TIME_WITH_TIMEZONE -> Kind.TIME;
            case java.sql.Types.BOOLEAN, java.sql.Types.BIT -> Kind.BOOLEAN;
            default -> Kind.OTHER;
        };
    }
}
