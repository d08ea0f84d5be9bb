package io.esteira.costs;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.esteira.costs.StatementLine.Section;
import io.esteira.shared.Formats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A statement as an A4 PDF, for an area's cost-centre manager: who, which period, totals by kind, pools, then every line. */
final class StatementPdf {

    private StatementPdf() {
    }

    static byte[] render(Statements.Statement statement) {
        return renderHtml(html(statement));
    }

    /**
     * Renders the statement's own HTML. Names in it come from people (areas, workspaces, deployments) and are
     * escaped; and the renderer may fetch nothing at all (no file, no URL, no font from outside), so that even a
     * markup that slipped through could not read the portal's files or call a host.
     */
    static byte[] renderHtml(String html) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            for (var when : com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority.values()) {
                builder.useExternalResourceAccessControl((uri, type) -> false, when);
            }
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String html(Statements.Statement statement) {
        StatementView s = statement.header();
        String cur = s.currency();
        StringBuilder h = new StringBuilder();
        h.append("<html><head><meta charset=\"UTF-8\"/><title>").append(esc(s.number())).append("</title><style>")
                .append("@page { size: A4; margin: 18mm 15mm 20mm 15mm; @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages);"
                        + " font-family: Helvetica, sans-serif; font-size: 8pt; color: #666; } }")
                .append("body { font-family: Helvetica, sans-serif; font-size: 9pt; color: #222; }")
                .append("h1 { font-size: 16pt; margin: 0 0 2mm 0; } h2 { font-size: 11pt; margin: 6mm 0 2mm 0; border-bottom: 1px solid #999; }")
                .append("table { width: 100%; border-collapse: collapse; } td, th { padding: 1.2mm 1.5mm; vertical-align: top; }")
                .append("th { text-align: left; background: #eef1f5; font-weight: bold; } .n { text-align: right; white-space: nowrap; }")
                .append("tr.total td { font-weight: bold; border-top: 1.5px solid #222; } .lines td { border-bottom: 0.5px solid #ddd; }")
                .append(".meta td { padding: 0.6mm 1.5mm; } .meta td.k { color: #555; width: 35mm; } .small { font-size: 7.5pt; color: #555; }")
                .append(".big { font-size: 13pt; font-weight: bold; }")
                .append("</style></head><body>");
        h.append("<h1>Cost statement ").append(esc(s.number())).append("</h1>");
        h.append("<table class=\"meta\">");
        meta(h, "Area", s.areaName() + " (" + s.areaCode() + ")");
        meta(h, "Cost centre", s.costCenter() == null ? "—" : s.costCenter());
        meta(h, "Period", Formats.date(s.month().atDay(1)) + " to " + Formats.date(s.month().atEndOfMonth()) + " (UTC)");
        meta(h, "Currency", cur);
        meta(h, "Issued", Formats.dateTime(s.issuedAt()) + " by " + s.issuedBy());
        h.append("<tr><td class=\"k\">Total</td><td class=\"big\">").append(money(s.total())).append(' ').append(esc(cur)).append("</td></tr>");
        h.append("</table>");

        h.append("<h2>Summary</h2><table><tr><th></th><th class=\"n\">").append(esc(cur)).append("</th></tr>");
        row(h, "Direct cost of the month (hourly ledger)", s.directTotal());
        row(h, "Corrections of earlier months", s.correctionTotal());
        row(h, "Shared platform costs (pools)", s.poolTotal());
        h.append("<tr class=\"total\"><td>Total</td><td class=\"n\">").append(money(s.total())).append("</td></tr></table>");

        Map<String, BigDecimal> byKind = new LinkedHashMap<>();
        statement.lines().stream().filter(l -> l.section() != Section.POOL).forEach(l -> byKind.merge(
                (l.section() == Section.CORRECTION ? "Corrections: " : "") + MonthlyClose.label(l.kind()), l.amount(), BigDecimal::add));
        h.append("<h2>Direct cost by resource kind</h2><table><tr><th>Resource kind</th><th class=\"n\">").append(esc(cur))
                .append("</th></tr>");
        if (byKind.isEmpty()) {
            h.append("<tr><td>No usage this month</td><td class=\"n\">").append(money(BigDecimal.ZERO)).append("</td></tr>");
        }
        byKind.forEach((k, v) -> row(h, k, v));
        h.append("<tr class=\"total\"><td>Direct cost and corrections</td><td class=\"n\">")
                .append(money(s.directTotal().add(s.correctionTotal()))).append("</td></tr></table>");

        List<StatementLine> pools = statement.lines().stream().filter(l -> l.section() == Section.POOL).toList();
        h.append("<h2>Shared platform costs</h2>");
        if (pools.isEmpty()) {
            h.append("<p>No shared pools were distributed to this area this month.</p>");
        } else {
            h.append("<table><tr><th>Pool (the month's amount and how it is shared)</th><th class=\"n\">").append(esc(cur))
                    .append("</th></tr>");
            pools.forEach(p -> row(h, p.description().replaceFirst("^Shared: ", ""), p.amount()));
            h.append("<tr class=\"total\"><td>This area's share</td><td class=\"n\">").append(money(s.poolTotal())).append("</td></tr></table>");
        }

        h.append("<h2>Lines by resource kind, SKU and person</h2><table class=\"lines\"><tr><th>Resource kind</th><th>SKU</th>"
                + "<th>Person</th><th>Resources</th><th class=\"n\">Quantity</th><th class=\"n\">").append(esc(cur)).append("</th></tr>");
        for (StatementLine l : statement.lines()) {
            if (l.section() == Section.POOL) {
                continue;
            }
            String description = l.description();
            String[] parts = description.split(" · ", 4);
            h.append("<tr><td>").append(l.section() == Section.CORRECTION ? "Correction of " + l.correctedMonth() + ": " : "")
                    .append(esc(MonthlyClose.label(l.kind()))).append("</td><td>").append(esc(l.sku())).append("</td><td>")
                    .append(esc(l.personName() == null ? "—" : l.personName())).append("</td><td>")
                    .append(esc(parts.length == 4 ? parts[3] : "")).append("</td><td class=\"n\">")
                    .append(l.quantity() == null ? "" : quantity(l.quantity()) + " " + esc(l.unit())).append("</td><td class=\"n\">")
                    .append(money(l.amount())).append("</td></tr>");
        }
        h.append("<tr class=\"total\"><td colspan=\"5\">Direct cost and corrections</td><td class=\"n\">")
                .append(money(s.directTotal().add(s.correctionTotal()))).append("</td></tr></table>");

        h.append("<p class=\"small\">Amounts are rounded to the cent by largest remainder, so that the lines add up to the exact sum of the "
                + "area's ").append(s.ledgerLines()).append(" hourly ledger lines (").append(esc(s.ledgerExact().toPlainString())).append(' ')
                .append(esc(cur)).append(") rounded once. Hourly detail: ").append(esc(s.number()))
                .append(".csv (FinOps FOCUS 1.2). The month is closed: this statement never changes; later corrections appear on the "
                        + "statement of the next month closed. SHA-256 of this statement: ").append(esc(s.sha256())).append("</p>");
        h.append("</body></html>");
        return h.toString();
    }

    private static void meta(StringBuilder h, String k, String v) {
        h.append("<tr><td class=\"k\">").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>");
    }

    private static void row(StringBuilder h, String label, BigDecimal amount) {
        h.append("<tr><td>").append(esc(label)).append("</td><td class=\"n\">").append(money(amount)).append("</td></tr>");
    }

    static String money(BigDecimal v) {
        return Formats.amount(v);
    }

    static String quantity(BigDecimal v) {
        return Formats.number(v.doubleValue(), 4);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
