package io.esteira.costs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A statement as FinOps FOCUS 1.2 rows: one per hourly ledger line of the area and month (ChargeClass
 * Correction for the corrections of earlier months it carries) and one per pool share, streamed from a
 * database cursor. Costs are the ledger's exact amounts (10 decimals); there are no discounts, so billed,
 * effective, list and contracted cost are the same.
 */
final class FocusCsv {

    static final List<String> COLUMNS = List.of("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingAccountId",
            "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd",
            "ChargeCategory", "ChargeClass", "ChargeDescription", "PricingQuantity", "PricingUnit", "ListUnitPrice", "ProviderName",
            "PublisherName", "InvoiceIssuerName", "InvoiceId", "ServiceName", "ServiceCategory", "SubAccountId", "SubAccountName",
            "ResourceId", "ResourceName", "SkuId", "x_ResourceKind", "x_PersonName", "x_CorrectedMonth");
    static final String ISSUER = "Esteira MLOps platform";
    private static final Duration HOUR = Duration.ofHours(1);

    private FocusCsv() {
    }

    /** One statement's rows after the header. */
    static void write(StatementView s, List<StatementLine> pools, JdbcTemplate jdbc, OutputStream stream) throws IOException {
        write(List.of(new Part(s, pools)), jdbc, stream);
    }

    /** A statement and its pool lines. */
    record Part(StatementView statement, List<StatementLine> pools) {
    }

    /** Several statements (a month's, one per area) under one header, one after the other. */
    static void write(List<Part> parts, JdbcTemplate jdbc, OutputStream stream) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
        if (parts.size() == 1) {
            rows(parts.getFirst().statement(), parts.getFirst().pools(), jdbc, out);
        } else if (!parts.isEmpty()) {
            month(parts, jdbc, out);
        }
        out.flush();
    }

    /**
     * A whole month's statements: its lines read once in the order they lie in the ledger (by hour, on its
     * index), each under its area's statement, then the corrections and the pools' shares, instead of one
     * read per area that would visit every page of the month once per area.
     */
    private static void month(List<Part> parts, JdbcTemplate jdbc, Writer out) throws IOException {
        Map<UUID, StatementView> byArea = new HashMap<>();
        parts.forEach(p -> byArea.put(p.statement().areaId(), p.statement()));
        YearMonth month = parts.getFirst().statement().month();
        Instant periodStart = MonthlyClose.start(month);
        Instant periodEnd = MonthlyClose.start(month.plusMonths(1));
        String columns = "hour_start, resource_kind, resource_id, resource_name, person_name, sku, quantity, unit, unit_price, amount, ";
        try {
            jdbc.query("select " + columns + "cast(null as date) as corrected_month, area_id from cost_line where hour_start >= ? "
                    + "and hour_start < ? order by hour_start", rs -> {
                        line(rs, statementOf(byArea, rs), periodStart, periodEnd, out);
                    }, Timestamp.from(periodStart), Timestamp.from(periodEnd));
            jdbc.query("select " + columns + "corrected_month, area_id from cost_correction where month_start = ? "
                    + "order by area_id, corrected_month, hour_start, resource_kind, resource_id, sku", rs -> {
                        line(rs, statementOf(byArea, rs), periodStart, periodEnd, out);
                    }, month.atDay(1));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Part part : parts) {
            for (StatementLine p : part.pools()) {
                pool(out, part.statement(), periodStart, periodEnd, p);
            }
        }
    }

    private static StatementView statementOf(Map<UUID, StatementView> byArea, ResultSet rs) throws SQLException {
        StatementView s = byArea.get(rs.getObject(12, UUID.class));
        if (s == null) {
            throw new IllegalStateException("A line of the closed month has no statement: area " + rs.getObject(12, UUID.class));
        }
        return s;
    }

    private static void rows(StatementView s, List<StatementLine> pools, JdbcTemplate jdbc, Writer out) throws IOException {
        Instant periodStart = MonthlyClose.start(s.month());
        Instant periodEnd = MonthlyClose.start(s.month().plusMonths(1));
        try {
            jdbc.query("select hour_start, resource_kind, resource_id, resource_name, person_name, sku, quantity, unit, unit_price, amount, "
                    + "cast(null as date) as corrected_month from cost_line where area_id = ? and day_start >= ? and day_start < ? union all "
                    + "select hour_start, resource_kind, resource_id, resource_name, person_name, sku, quantity, unit, unit_price, amount, "
                    + "corrected_month from cost_correction where area_id = ? and month_start = ? order by 11, 1, 2, 3, 6", rs -> {
                        line(rs, s, periodStart, periodEnd, out);
                    }, s.areaId(), s.month().atDay(1), s.month().plusMonths(1).atDay(1), s.areaId(), s.month().atDay(1));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (StatementLine p : pools) {
            pool(out, s, periodStart, periodEnd, p);
        }
    }

    /** A ledger line or a correction (hour, kind, resource, names, SKU, quantity, unit, price, amount, corrected month). */
    private static void line(ResultSet rs, StatementView s, Instant periodStart, Instant periodEnd, Writer out) throws SQLException {
        try {
            Instant hour = rs.getTimestamp(1).toInstant();
            ResourceKind kind = ResourceKind.valueOf(rs.getString(2));
            LocalDate corrected = rs.getObject(11, LocalDate.class);
            BigDecimal amount = rs.getBigDecimal(10);
            row(out, s, periodStart, periodEnd, amount, hour, hour.plus(HOUR), corrected == null ? null : "Correction",
                    (corrected == null ? "" : "Correction of " + YearMonth.from(corrected) + ": ") + MonthlyClose.label(kind)
                            + " · " + rs.getString(4) + " · " + rs.getString(6),
                    rs.getBigDecimal(7), rs.getString(8), rs.getBigDecimal(9), "Esteira " + MonthlyClose.label(kind),
                    category(kind), rs.getString(3), rs.getString(4), rs.getString(6), kind.name(), rs.getString(5),
                    corrected == null ? null : YearMonth.from(corrected).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pool(Writer out, StatementView s, Instant periodStart, Instant periodEnd, StatementLine p) throws IOException {
        row(out, s, periodStart, periodEnd, p.amount(), periodStart, periodEnd, null, p.description(), null, null, null,
                "Esteira shared platform", "Management and Governance", null, null, null, "SHARED_POOL", null, null);
    }

    private static void row(Writer out, StatementView s, Instant periodStart, Instant periodEnd, BigDecimal cost, Instant chargeStart,
            Instant chargeEnd, String chargeClass, String description, BigDecimal quantity, String unit, BigDecimal unitPrice,
            String service, String serviceCategory, String resourceId, String resourceName, String sku, String kind, String person,
            String correctedMonth) throws IOException {
        String c = cost.toPlainString();
        String[] values = {c, c, c, c, "esteira", ISSUER, s.currency(), iso(periodStart), iso(periodEnd), iso(chargeStart), iso(chargeEnd),
                "Usage", chargeClass, text(description), quantity == null ? null : quantity.toPlainString(), unit,
                unitPrice == null ? null : unitPrice.toPlainString(), ISSUER, ISSUER, ISSUER, s.number(), service, serviceCategory,
                s.areaCode(), text(s.areaName()), resourceId, text(resourceName), sku, kind, text(person), correctedMonth};
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(escape(values[i]));
        }
        out.write("\r\n");
    }

    private static String iso(Instant t) {
        return t.toString();
    }

    /** Names people typed: a leading =, +, - or @ would be a formula to a spreadsheet, so it is quoted away. */
    static String text(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        char first = v.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + v : v;
    }

    static String escape(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    /** FOCUS service categories. */
    static String category(ResourceKind kind) {
        return switch (kind) {
            case WORKSPACE, TRAINING_RUN, DEPLOYMENT, PREDICTIONS, BATCH_RUN -> "AI and Machine Learning";
            case WORKSPACE_DISK, STORAGE -> "Storage";
            case SCHEDULE_RUN -> "Analytics";
        };
    }

}
