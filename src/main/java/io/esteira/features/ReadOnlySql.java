package io.esteira.features;

import io.esteira.shared.InvalidRequestException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * The one rule for SQL that people write against a data source: exactly one SELECT (or WITH …
 * SELECT), parsed, and made only of allowed constructs and functions ({@link SqlAllowList}). It is
 * one layer of several: the source's account holds SELECT grants only, and its address is checked
 * before anything connects ({@link JdbcUrlPolicy}).
 */
final class ReadOnlySql {

    /** Longer SQL is refused before it is parsed. */
    static final int MAX_LENGTH = 100_000;

    private ReadOnlySql() {
    }

    /** The check with the functions every dialect has; for callers that do not know the source. */
    static String check(String sql) {
        return check(sql, SqlDialect.OTHER);
    }

    /** @return the statement, stripped of a trailing semicolon. @throws InvalidRequestException naming {@code sql} */
    static String check(String sql, SqlDialect dialect) {
        if (sql == null || sql.isBlank()) {
            throw new InvalidRequestException("sql", "Write a SELECT statement");
        }
        if (sql.length() > MAX_LENGTH) {
            throw new InvalidRequestException("sql", "The SQL is longer than " + MAX_LENGTH + " characters");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException e) {
            throw io.esteira.shared.errors.SqlErrors.unparsable("sql", sql, e);
        }
        if (statements.size() != 1) {
            throw new InvalidRequestException("sql", "Write exactly one statement; found " + statements.size());
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select)) {
            throw new QueryRefusedException("sql", "Only SELECT (or WITH … SELECT) is allowed here; found " + kind(statement));
        }
        SqlAllowList.of(dialect).check(statement).ifPresent(refusal -> {
            throw new QueryRefusedException("sql", refusal);
        });
        String trimmed = sql.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
    }

    private static String kind(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
    }
}
