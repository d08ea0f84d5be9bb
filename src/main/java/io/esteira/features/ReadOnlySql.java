package io.esteira.features;

import io.esteira.shared.InvalidRequestException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The one rule for SQL that people write against a data source: a single SELECT (or WITH … SELECT),
 * checked by parsing. The connection is read-only as well, so the database enforces it a second time.
 */
final class ReadOnlySql {

    private ReadOnlySql() {
    }

    /** @return the statement, stripped of a trailing semicolon. @throws InvalidRequestException naming {@code sql} */
    static String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidRequestException("sql", "Write a SELECT statement");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new InvalidRequestException("sql", "The SQL does not parse: " + firstLine(cause));
        }
        if (statements.size() != 1) {
            throw new InvalidRequestException("sql", "Write exactly one statement; found " + statements.size());
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            throw new InvalidRequestException("sql", "Only SELECT (or WITH … SELECT) is allowed here; found " + kind(statement));
        }
        if (select instanceof PlainSelect plain && (plain.getIntoTables() != null || plain.getForMode() != null)) {
            throw new InvalidRequestException("sql", "SELECT … INTO and SELECT … FOR UPDATE change data; they are not allowed here");
        }
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    }

    private static String kind(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        String line = message.strip().split("\n")[0];
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
