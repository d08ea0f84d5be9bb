package io.esteira.shared.errors;

import io.esteira.shared.CancelledException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.jdbc.Cancellation;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one translation of SQL failures into the words of the person who wrote the SQL: what the
 * parser refused (with the line and column) and what a data source answered (H2 and PostgreSQL:
 * a missing table or column, a syntax error, a type error, a refused grant, an unreachable
 * source…). No class names, no SQLSTATEs or vendor codes, no echo of the statement; the technical
 * detail goes to the server log. Used by every screen and API call that runs people's SQL.
 */
public final class SqlErrors {

    private static final Logger log = LoggerFactory.getLogger(SqlErrors.class);

    /** JSqlParser: {@code Encountered: <S_IDENTIFIER> / "t", at line 2, column 8} or {@code Encountered: <EOF>, at line 1, column 27}. */
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered:? *(?:<([A-Z_]+)>)?(?: */ *\"((?:[^\"\\\\]|\\\\.)*)\")?,? at line (\\d+), column (\\d+)");
    /** JSqlParser's lexer: {@code Lexical error at line 1, column 19.} */
    private static final Pattern LEXICAL = Pattern.compile("Lexical error at line (\\d+), column (\\d+)");
    private static final Pattern PG_POSITION = Pattern.compile("\\n\\s*Position: (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")+)\"");

    private SqlErrors() {
    }

    /**
     * A statement the SQL parser could not read.
     *
     * @param field  the field the SQL was written in
     * @param sql    the SQL as written
     * @param parser the parser's exception (JSqlParser's, with its causes)
     */
    public static InvalidRequestException unparsable(String field, String sql, Throwable parser) {
        String detail = detailOf(parser);
        log.info("SQL does not parse: {}", firstLine(detail));
        Matcher m = ENCOUNTERED.matcher(detail);
        if (m.find()) {
            TextPosition at = new TextPosition(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            String token = m.group(2) == null ? null : m.group(2).replace("\\\"", "\"").replace("\\'", "'");
            String what;
            if ("EOF".equals(m.group(1)) || token == null) {
                what = "The SQL ends too early";
            } else if (token.matches("[\\p{L}_][\\p{L}\\p{N}_$]*")) {
                what = "Unexpected word " + (m.group(1) != null && m.group(1).startsWith("K_") ? token.toUpperCase(Locale.ROOT) : token);
            } else {
                what = "Unexpected '" + cut(token, 40) + "'";
            }
            return new InvalidRequestException(field, what + " at " + at.inWords()).at(at);
        }
        Matcher lexical = LEXICAL.matcher(detail);
        if (lexical.find()) {
            TextPosition at = new TextPosition(Integer.parseInt(lexical.group(1)), Integer.parseInt(lexical.group(2)));
            return new InvalidRequestException(field, "A quote or bracket is not closed, or a character is not allowed, before "
                    + at.inWords()).at(at);
        }
        return new InvalidRequestException(field, "The SQL cannot be read: check its quotes, brackets and commas");
    }

    /**
     * What a data source's refusal of a statement means to the person who wrote it; the work's
     * {@link Cancellation} first (a cancelled statement fails too).
     *
     * @param field          the field the SQL was written in ({@code sql}, or {@code table} for a picked table)
     * @param e              the driver's exception
     * @param written        the SQL as the person wrote it, for positions; null when they picked a table
     * @param executed       the SQL as sent to the source (written, wrapped or with parameters), or null
     * @param timeoutSeconds the statement's time limit, for the message when it ran out
     * @return a {@link CancelledException} or an {@link InvalidRequestException} naming the field
     */
    public static RuntimeException fromSource(String field, SQLException e, String written, String executed, int timeoutSeconds) {
        if (Cancellation.cancelledOnThisThread()) {
            return new CancelledException();
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        log.info("A data source refused a statement (SQLSTATE {}, code {}): {}", state, e.getErrorCode(), e.getMessage());
        String message = e.getMessage() == null ? "" : e.getMessage();
        int code = e.getErrorCode();
        String name = quoted(message);
        TextPosition at = position(message, written, executed, name);
        TextPosition reported = position(message, written, executed, null); // for faults in values, where a name says nothing of where
        String text;
        if (e instanceof SQLTimeoutException || state.equals("57014") || code == 57014) {
            text = timeoutSeconds > 0 ? "The query took longer than its time limit of " + timeoutSeconds + " s; narrow it down (fewer rows or columns)"
                    : "The source stopped the query: it took too long";
            at = null;
        } else if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03") || code == 90067) {
            text = "The data source cannot be reached just now; try again in a minute";
            at = null;
        } else if (state.startsWith("28") || code == 28000) {
            text = "The portal could not sign in to the data source; its account may have changed";
            at = null;
        } else if (code == 42102 || code == 42104 || state.equals("42P01") || state.equals("42S02")) {
            text = "Table " + nameOr(name, written, "in the query") + " does not exist";
        } else if (code == 42122 || state.equals("42703") || state.equals("42S22")) {
            text = "Column " + nameOr(name, written, "in the query") + " does not exist";
        } else if (code == 90079 || state.equals("3F000")) {
            text = "Schema " + nameOr(name, written, "in the query") + " does not exist";
        } else if (code == 90022 || state.equals("42883")) {
            text = "Function " + nameOr(functionName(message, name), written, "in the query") + " does not exist on this source, or not for these types";
        } else if (code == 90016 || state.equals("42803")) {
            text = "Column " + nameOr(name, written, "") + " must be in GROUP BY or inside an aggregate such as sum() or count()";
        } else if (code == 90059 || state.equals("42702")) {
            text = "Column " + nameOr(name, written, "") + " is in more than one table: put the table's name or alias before it";
        } else if (code == 90096 || state.equals("42501")) {
            text = "The portal's account may not read " + (name == null ? "this table" : nameOr(name, written, "")) + " on this source";
        } else if (code == 22012 || state.equals("22012")) {
            text = "The query divides by zero";
            at = reported;
        } else if (code == 22018 || state.equals("22P02") || state.equals("22018")) {
            text = "A value does not convert to the type the query asks for" + (name == null ? "" : ": " + cut(name, 60));
            at = reported;
        } else if (code == 22007 || state.equals("22007") || state.equals("22008")) {
            text = "A date or time in the query is not valid" + (name == null ? "" : ": " + cut(name, 60));
            at = reported;
        } else if (state.startsWith("22")) {
            text = "A value in the data does not fit what the query does with it";
            at = reported;
        } else if (state.startsWith("42")) {
            text = "The source cannot read the SQL" + (name == null ? "" : " near " + cut(name, 40));
        } else if (state.startsWith("53") || state.startsWith("54")) {
            text = "The query asks more of the source than it allows: narrow it down";
            at = null;
        } else {
            text = "The source refused the query: " + plain(message);
            at = null;
        }
        InvalidRequestException refused = new InvalidRequestException(field, at == null ? text : text + " at " + at.inWords());
        return at == null ? refused : refused.at(at);
    }

    /** Why connecting to a source failed, for the administrator who set it up: the driver's sentence without codes or stack. */
    public static String connectionFailure(SQLException e) {
        log.info("Connecting to a data source failed (SQLSTATE {}, code {}): {}", e.getSQLState(), e.getErrorCode(), e.getMessage());
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28") || e.getErrorCode() == 28000) {
            return "the user name or password is wrong";
        }
        return plain(e.getMessage() == null ? "" : e.getMessage());
    }

    /** The source's own sentence without its codes, quoted statement or hints; for failures with no better words. */
    static String plain(String message) {
        String text = message.strip();
        text = text.replaceFirst("(?s)[;:]? *SQL statement:.*", "");
        text = text.replaceFirst("(?s)\\s*\\[\\d{5}-\\d+]\\s*$", "");
        text = text.replaceFirst("^(ERROR|FATAL): *", "");
        text = text.replaceFirst("(?s)\\n.*", "");
        text = text.replaceAll("\\[\\*]", "");
        text = cut(text.strip(), 200);
        return text.isEmpty() ? "no reason given" : text;
    }

    /** The first quoted name of the source's message: {@code Table "CUSTOMERZ" not found}, {@code relation "bank.x" does not exist}. */
    private static String quoted(String message) {
        Matcher m = QUOTED.matcher(message.split("; SQL statement:")[0].split("\n")[0]);
        while (m.find()) {
            String found = m.group(1).replace("\"\"", "\"");
            if (!found.contains("[*]")) {
                return found;
            }
        }
        return null;
    }

    /** PostgreSQL names a missing function without quotes: {@code function foo(integer) does not exist}. */
    private static String functionName(String message, String quoted) {
        Matcher m = Pattern.compile("function ([\\w.]+)\\(").matcher(message);
        return m.find() ? m.group(1) : quoted;
    }

    /** The name as the person wrote it (the source may have folded its case), or a stand-in when there is none. */
    private static String nameOr(String name, String written, String otherwise) {
        if (name == null) {
            return otherwise;
        }
        Matcher m = wordIn(written, name);
        return m != null ? m.group().replace("\"", "") : name;
    }

    /** Where the source says the fault is, in the SQL as written: its offset when the SQL was sent as written, else where the name is. */
    private static TextPosition position(String message, String written, String executed, String name) {
        if (written == null || written.isBlank()) {
            return null;
        }
        Integer offset = null;
        Matcher pg = PG_POSITION.matcher(message);
        if (pg.find()) {
            offset = Integer.parseInt(pg.group(1)) - 1;
        } else {
            Matcher statement = Pattern.compile("(?s)statement \"(.*)\"").matcher(message);
            if (statement.find() && statement.group(1).contains("[*]")) {
                offset = statement.group(1).indexOf("[*]");
                // H2 quotes the statement it ran; the marker follows the token it could not take
                String before = statement.group(1).substring(0, offset);
                Matcher token = Pattern.compile("[\\w$]+$").matcher(before);
                if (token.find()) {
                    offset = token.start();
                }
            }
        }
        if (offset != null && executed != null) {
            int start = executed.indexOf(written.strip());
            if (start >= 0 && offset >= start && offset <= start + written.strip().length()) {
                return TextPosition.of(written, written.indexOf(written.strip()) + offset - start);
            }
        }
        if (name != null) {
            Matcher m = wordIn(written, name);
            if (m != null) {
                return TextPosition.of(written, m.start());
            }
        }
        return null;
    }

    /** The whole-word occurrence of a name (or its last part after a schema) in the SQL, ignoring case and quotes. */
    private static Matcher wordIn(String sql, String name) {
        if (sql == null) {
            return null;
        }
        for (String candidate : new String[] {name, name.substring(name.lastIndexOf('.') + 1)}) {
            String[] parts = candidate.split("\\.");
            // the name, with the schema or alias the person may have put before it
            StringBuilder regex = new StringBuilder("(?<![\\w$.\"])(?:\"?[\\w$]+\"?\\s*\\.\\s*)?");
            for (int i = 0; i < parts.length; i++) {
                regex.append(i == 0 ? "" : "\\s*\\.\\s*").append("\"?").append(Pattern.quote(parts[i])).append("\"?");
            }
            regex.append("(?![\\w$\"])");
            Matcher m = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(sql);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    private static String detailOf(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 20_000; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String firstLine(String text) {
        return text.strip().split("\n")[0];
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
