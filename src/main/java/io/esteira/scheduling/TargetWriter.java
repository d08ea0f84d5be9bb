package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule.TargetMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Writes a query's rows into a table of the area's schema, so that a failure never leaves it half
 * written: REPLACE fills a staging table and swaps it in; APPEND and UPSERT write in one transaction.
 */
final class TargetWriter {

    private static final int BATCH = 1_000;

    private TargetWriter() {
    }

    /** What is written: named columns of JDBC types, and rows read one after another. */
    interface Rows {

        List<String> names();

        List<Integer> jdbcTypes();

        boolean next() throws SQLException;

        /** @param column 1 for the first */
        Object value(int column) throws SQLException;

        /** A query's rows as they come. */
        static Rows of(ResultSet rs) throws SQLException {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                types.add(meta.getColumnType(i));
            }
            return new Rows() {
                public List<String> names() { return names; }
                public List<Integer> jdbcTypes() { return types; }
                public boolean next() throws SQLException { return rs.next(); }
                public Object value(int column) throws SQLException { return rs.getObject(column); }
            };
        }
    }

    /** @return the rows written */
    static long write(Connection c, String schema, String table, TargetMode mode, List<String> keys, ResultSet rows, String stagingSuffix)
            throws SQLException {
        return write(c, schema, table, mode, keys, Rows.of(rows), stagingSuffix);
    }

    /** @return the rows written */
    static long write(Connection c, String schema, String table, TargetMode mode, List<String> keys, Rows rows, String stagingSuffix)
            throws SQLException {
        List<String> columns = rows.names();
        List<String> definitions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            definitions.add(quote(columns.get(i)) + " " + type(rows.jdbcTypes().get(i)));
        }
        for (String key : keys) {
            if (!columns.contains(key.toLowerCase(Locale.ROOT))) {
                throw new SQLException("The query has no key column " + key + "; it returns " + String.join(", ", columns));
            }
        }
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            if (!schemaExists(c, schema)) {
                // a least-privilege write account owns its area schemas but may create none: say so rather than fail obscurely
                try {
                    s.execute("create schema " + quote(schema));
                } catch (SQLException e) {
                    throw new SQLException("The area's schema " + schema + " does not exist in the source and its write account may not "
                            + "create it; an administrator creates it, owned by the write account (" + e.getMessage() + ")", e);
                }
            }
            String target = quote(schema) + "." + quote(table);
            if (mode == TargetMode.REPLACE) {
                String staging = quote(schema) + "." + quote(table + "__" + stagingSuffix);
                s.execute("drop table if exists " + staging);
                s.execute("create table " + staging + " (" + String.join(", ", definitions) + ")");
                long written;
                c.setAutoCommit(false);
                try {
                    written = insert(c, staging, columns, rows);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    c.setAutoCommit(true);
                    s.execute("drop table if exists " + staging);
                    throw e;
                }
                // the swap: one transaction where DDL is transactional (PostgreSQL); elsewhere two quick statements
                boolean transactionalDdl = c.getMetaData().supportsDataDefinitionAndDataManipulationTransactions();
                c.setAutoCommit(!transactionalDdl);
                s.execute("drop table if exists " + target);
                s.execute("alter table " + staging + " rename to " + quote(table));
                if (transactionalDdl) {
                    c.commit();
                }
                return written;
            }
            s.execute("create table if not exists " + target + " (" + String.join(", ", definitions) + ")");
            c.setAutoCommit(false);
            try {
                long written = mode == TargetMode.UPSERT ? upsert(c, target, columns, keys, rows) : insert(c, target, columns, rows);
                c.commit();
                return written;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static long insert(Connection c, String table, List<String> columns, Rows rows) throws SQLException {
        String sql = "insert into " + table + " (" + String.join(", ", columns.stream().map(TargetWriter::quote).toList()) + ") values ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        long written = 0;
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            while (rows.next()) {
                for (int i = 1; i <= columns.size(); i++) {
                    insert.setObject(i, rows.value(i));
                }
                insert.addBatch();
                if (++written % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return written;
    }

    /** Deletes the rows whose keys come again, then inserts: the same on every database. */
    private static long upsert(Connection c, String table, List<String> columns, List<String> keys, Rows rows) throws SQLException {
        String delete = "delete from " + table + " where " + String.join(" and ",
                keys.stream().map(k -> quote(k.toLowerCase(Locale.ROOT)) + " = ?").toList());
        String insert = "insert into " + table + " (" + String.join(", ", columns.stream().map(TargetWriter::quote).toList()) + ") values ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        long written = 0;
        try (PreparedStatement del = c.prepareStatement(delete); PreparedStatement ins = c.prepareStatement(insert)) {
            while (rows.next()) {
                for (int k = 0; k < keys.size(); k++) {
                    del.setObject(k + 1, rows.value(columns.indexOf(keys.get(k).toLowerCase(Locale.ROOT)) + 1));
                }
                del.executeUpdate();
                for (int i = 1; i <= columns.size(); i++) {
                    ins.setObject(i, rows.value(i));
                }
                ins.executeUpdate();
                written++;
            }
        }
        return written;
    }

    private static String type(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> "integer";
            case Types.BIGINT -> "bigint";
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> "double precision";
            case Types.NUMERIC, Types.DECIMAL -> "numeric";
            case Types.BOOLEAN, Types.BIT -> "boolean";
            case Types.DATE -> "date";
            case Types.TIMESTAMP -> "timestamp";
            case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone";
            default -> "varchar(4000)";
        };
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (ResultSet rs = c.getMetaData().getSchemas()) {
            while (rs.next()) {
                if (schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
