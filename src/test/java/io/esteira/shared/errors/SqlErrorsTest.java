package io.esteira.shared.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.CancelledException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.jdbc.Cancellation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL failures in the words of the person who wrote the SQL: what, where, and no internals. */
class SqlErrorsTest {

    private static Connection h2;

    @BeforeAll
    static void database() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:sql_errors_test;DB_CLOSE_DELAY=-1");
        try (Statement s = h2.createStatement()) {
            s.execute("create schema bank");
            s.execute("create table bank.customers (id int primary key, segment varchar(20), since date)");
            s.execute("insert into bank.customers values (1, 'retail', date '2020-01-01'), (2, 'sme', date '2021-01-01')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        h2.close();
    }

    @Test
    void a_parse_error_names_the_unexpected_word_and_where_it_is_without_class_names() {
        InvalidRequestException e = parse("select segment,\n  count(*) as n frm bank.customers");
        assertThat(e.getMessage()).isEqualTo("Unexpected word frm at line 2, column 17");
        assertThat(e.fieldErrors()).containsKey("sql");
        assertThat(e.position()).contains(new TextPosition(2, 17));
        assertNoInternals(e.getMessage());
    }

    @Test
    void a_keyword_in_the_wrong_place_is_named_in_capitals_and_a_sign_in_quotes() {
        assertThat(parse("select a from t group segment").getMessage()).isEqualTo("Unexpected word segment at line 1, column 23");
        assertThat(parse("select * from t where").getMessage()).isEqualTo("Unexpected word WHERE at line 1, column 17");
        assertThat(parse("select a, from t").getMessage()).isEqualTo("Unexpected ',' at line 1, column 9");
    }

    @Test
    void sql_that_stops_too_early_or_leaves_a_quote_open_says_so_with_its_position() {
        assertThat(parse("select a from t where x = (").getMessage()).isEqualTo("The SQL ends too early at line 1, column 27");
        InvalidRequestException open = parse("select 'abc from t");
        assertThat(open.getMessage()).startsWith("A quote or bracket is not closed").endsWith("line 1, column 19");
        assertNoInternals(open.getMessage());
    }

    @Test
    void h2_42102_becomes_table_does_not_exist_as_written_at_its_place() {
        String sql = "select id\nfrom bank.customerz";
        RuntimeException e = run(sql);
        assertThat(e).isInstanceOf(InvalidRequestException.class);
        assertThat(e.getMessage()).isEqualTo("Table bank.customerz does not exist at line 2, column 6");
        assertNoInternals(e.getMessage());
    }

    @Test
    void a_missing_column_and_a_missing_function_are_named() {
        assertThat(run("select segmnt from bank.customers").getMessage()).isEqualTo("Column segmnt does not exist at line 1, column 8");
        assertThat(run("select no_such_fn(id) from bank.customers").getMessage())
                .startsWith("Function no_such_fn does not exist on this source");
    }

    @Test
    void group_by_division_and_conversion_errors_are_told_in_words() {
        String grouped = "select segment, since from bank.customers group by segment";
        assertThat(SqlErrors.fromSource("sql", new SQLException("ERROR: column \"customers.since\" must appear in the GROUP BY clause or be used "
                + "in an aggregate function\n  Position: 17", "42803"), grouped, grouped, 30).getMessage())
                .isEqualTo("Column since must be in GROUP BY or inside an aggregate such as sum() or count() at line 1, column 17");
        assertThat(run("select 1 / (id - id) from bank.customers").getMessage()).isEqualTo("The query divides by zero");
        RuntimeException conversion = run("select cast(segment as int) from bank.customers");
        assertThat(conversion.getMessage()).startsWith("A value does not convert to the type the query asks for");
        assertNoInternals(conversion.getMessage());
    }

    @Test
    void postgresql_messages_lose_their_codes_and_keep_the_position() {
        String sql = "select *\nfrom bank.nope";
        SQLException e = new SQLException("ERROR: relation \"bank.nope\" does not exist\n  Position: 15", "42P01");
        assertThat(SqlErrors.fromSource("sql", e, sql, sql, 30).getMessage()).isEqualTo("Table bank.nope does not exist at line 2, column 6");
        SQLException syntax = new SQLException("ERROR: syntax error at or near \"fro\"\n  Position: 10", "42601");
        assertThat(SqlErrors.fromSource("sql", syntax, "select a fro t", "select a fro t", 30).getMessage())
                .isEqualTo("The source cannot read the SQL near fro at line 1, column 10");
        SQLException unknown = new SQLException("ERROR: something odd happened\n  Hint: ask someone", "XX000");
        assertThat(SqlErrors.fromSource("sql", unknown, "select 1", null, 30).getMessage())
                .isEqualTo("The source refused the query: something odd happened");
    }

    @Test
    void a_time_limit_and_an_unreachable_source_are_not_blamed_on_the_sql() {
        assertThat(SqlErrors.fromSource("sql", new java.sql.SQLTimeoutException("Statement was canceled or the session timed out [57014-240]",
                "57014", 57014), "select 1", null, 30).getMessage())
                .isEqualTo("The query took longer than its time limit of 30 s; narrow it down (fewer rows or columns)");
        assertThat(SqlErrors.fromSource("sql", new SQLException("Connection refused", "08001"), "select 1", null, 30).getMessage())
                .isEqualTo("The data source cannot be reached just now; try again in a minute");
    }

    @Test
    void a_cancelled_statement_is_a_cancel_not_an_error() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture<RuntimeException> outcome = CompletableFuture.supplyAsync(() -> cancellation.run(() -> {
            try (Statement s = h2.createStatement(); Cancellation.Watch watch = Cancellation.watch(s)) {
                // long enough to be cancelled first: a cross join of a generated million rows with itself
                s.executeQuery("select count(*) from system_range(1, 1000000) a, system_range(1, 1000000) b");
                return null;
            } catch (SQLException e) {
                return SqlErrors.fromSource("sql", e, "select 1", null, 30);
            }
        }));
        Thread.sleep(300);
        cancellation.cancel();
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
    }

    @Test
    void connection_failures_for_the_administrator_keep_the_drivers_sentence_without_codes() {
        assertThat(SqlErrors.connectionFailure(new SQLException("Wrong user name or password [28000-240]", "28000", 28000)))
                .isEqualTo("the user name or password is wrong");
        assertThat(SqlErrors.connectionFailure(new SQLException("Database \"/x\" not found, either pre-create it or allow remote database "
                + "creation (not recommended in secure environments) [90149-240]", "90149", 90149))).doesNotContain("90149");
    }

    private static InvalidRequestException parse(String sql) {
        try {
            CCJSqlParserUtil.parseStatements(sql);
            throw new AssertionError("parsed: " + sql);
        } catch (JSQLParserException e) {
            return SqlErrors.unparsable("sql", sql, e);
        }
    }

    private static RuntimeException run(String sql) {
        try (Statement s = h2.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
            throw new AssertionError("ran: " + sql);
        } catch (SQLException e) {
            return SqlErrors.fromSource("sql", e, sql, sql, 30);
        }
    }

    private static void assertNoInternals(String message) {
        assertThat(message).doesNotContain("net.sf", "Exception", "[4", "SQLSTATE", "<", "SQL statement");
    }
}
