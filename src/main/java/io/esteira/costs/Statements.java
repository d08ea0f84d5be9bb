package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.costs.StatementLine.Section;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reading statements: the managers of an area and administrators read its statements (list, lines, PDF
 * and FOCUS CSV); everybody else is told they are not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class Statements {

    private final NamedParameterJdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final AreaAccess access;

    Statements(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions, AreaAccess access) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(500);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.access = access;
    }

    /** A statement with its lines. */
    public record Statement(StatementView header, List<StatementLine> lines) {
    }

    /** Something to write to a stream later (e.g. by a StreamingResponseBody), already authorised. */
    @FunctionalInterface
    public interface Export {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The statements of an area (its managers, administrators), newest first; without an area every area's (administrators). */
    public List<StatementView> list(UUID areaId) {
        SignedInUser user = CurrentUser.require();
        if (areaId == null) {
            if (user.isAdmin() && user.areaScope() == null) {
                return statements(jdbc, "order by month_start desc, seq", new MapSqlParameterSource());
            }
            throw new InvalidRequestException("area", "Give the area whose statements to read");
        }
        requireManage(areaId, areaId);
        return statements(jdbc, "where area_id = :area order by month_start desc, seq", new MapSqlParameterSource("area", areaId));
    }

    /** A statement and its lines. */
    public Statement get(String number) {
        StatementView header = header(number);
        return new Statement(header, lines(header.number()));
    }

    /** Whether the statement's stored header and lines still give the hash recorded when it was issued. */
    public boolean verify(String number) {
        Statement s = get(number);
        return StatementHash.of(s.header(), s.lines()).equals(s.header().sha256());
    }

    /** The statement as a PDF (A4). */
    public byte[] pdf(String number) {
        return StatementPdf.render(get(number));
    }

    /**
     * The statement's ledger lines (hourly, corrections included) and pool shares as FinOps FOCUS 1.2 CSV, read
     * with a cursor when written (constant memory).
     */
    public Export focusCsv(String number) {
        StatementView header = header(number);
        return focus(List.of(new FocusCsv.Part(header, pools(number))));
    }

    /**
     * Every statement of a closed month (administrators): the platform's billing data for finance, one
     * FOCUS 1.2 file, streamed statement after statement with a cursor (constant memory).
     */
    public Export focusCsvOfMonth(YearMonth month) {
        SignedInUser user = CurrentUser.require();
        if (!user.isAdmin() || user.areaScope() != null) {
            throw new org.springframework.security.access.AccessDeniedException("Only administrators export a whole month");
        }
        if (month == null) {
            throw new InvalidRequestException("month", "Give the month as yyyy-MM");
        }
        List<StatementView> issued = statements(jdbc, "where month_start = :month order by seq", new MapSqlParameterSource("month",
                month.atDay(1)));
        if (issued.isEmpty()) {
            throw new NotFoundException("closed month", month);
        }
        return focus(issued.stream().map(s -> new FocusCsv.Part(s, pools(s.number()))).toList());
    }

    private List<StatementLine> pools(String number) {
        return lines(number).stream().filter(l -> l.section() == Section.POOL).toList();
    }

    private Export focus(List<FocusCsv.Part> parts) {
        return out -> {
            try {
                readOnly.executeWithoutResult(s -> {
                    try {
                        FocusCsv.write(parts, streaming, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
    }

    private StatementView header(String number) {
        List<StatementView> found = number == null ? List.of() : statements(jdbc, "where statement_number = :number",
                new MapSqlParameterSource("number", number));
        if (found.isEmpty()) {
            throw new NotFoundException("statement", number);
        }
        requireManage(found.getFirst().areaId(), number);
        return found.getFirst();
    }

    private void requireManage(UUID areaId, Object id) {
        access.requireRead(areaId, "statement", id);
        SignedInUser user = CurrentUser.require();
        if (!(user.isAdmin() || access.canManage(areaId))) {
            throw NotFoundException.denied("statement", id);
        }
    }

    private List<StatementLine> lines(String number) {
        return jdbc.query("select l.* from cost_statement_line l join cost_statement s on s.id = l.statement_id "
                + "where s.statement_number = :number order by l.line_no", new MapSqlParameterSource("number", number), (rs, i) -> {
                    String kind = rs.getString("resource_kind");
                    java.time.LocalDate corrected = rs.getObject("corrected_month", java.time.LocalDate.class);
                    return new StatementLine(rs.getInt("line_no"), Section.valueOf(rs.getString("section")),
                            kind == null ? null : ResourceKind.valueOf(kind), rs.getString("sku"), rs.getString("person_name"),
                            corrected == null ? null : YearMonth.from(corrected), rs.getString("description"),
                            rs.getBigDecimal("quantity"), rs.getString("unit"), rs.getBigDecimal("exact_amount"),
                            rs.getBigDecimal("amount"));
                });
    }

    static List<StatementView> statements(NamedParameterJdbcTemplate jdbc, String where, MapSqlParameterSource params) {
        return jdbc.query("select * from cost_statement " + where, params, (rs, i) -> view(rs));
    }

    private static StatementView view(ResultSet rs) throws SQLException {
        return new StatementView(rs.getString("statement_number"), YearMonth.from(rs.getObject("month_start", java.time.LocalDate.class)),
                rs.getObject("area_id", UUID.class), rs.getString("area_code"), rs.getString("area_name"), rs.getString("cost_center"),
                rs.getString("currency"), rs.getBigDecimal("direct_total"), rs.getBigDecimal("correction_total"),
                rs.getBigDecimal("pool_total"), rs.getBigDecimal("total"), rs.getBigDecimal("ledger_exact"), rs.getLong("ledger_lines"),
                rs.getString("sha256"), rs.getTimestamp("issued_at").toInstant(), rs.getString("issued_by"));
    }
}
