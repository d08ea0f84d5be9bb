package io.esteira.costs.ui;

import com.vaadin.flow.component.html.Span;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the cost administration pages write money, prices, hours and months (the costs pages' conventions, UTC). */
final class CostFormats {

    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    private CostFormats() {
    }

    /** 1,234.50 */
    static String money(BigDecimal v) {
        return v == null ? "–" : new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH)).format(v);
    }

    /** A unit price: at least 2 decimals, as many as it has up to 10 (0.04, 0.0123456789). */
    static String price(BigDecimal v) {
        return new DecimalFormat("#,##0.00########", DecimalFormatSymbols.getInstance(Locale.ENGLISH)).format(v);
    }

    /** A percentage of a whole: 42 % */
    static String percent(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 || part == null ? "–"
                : part.multiply(BigDecimal.valueOf(100)).divide(whole, 0, java.math.RoundingMode.HALF_UP) + " %";
    }

    /** 1 Jul 2026 00:00 (UTC) */
    static String hour(Instant at) {
        return at == null ? "" : HOUR.format(at.atZone(ZoneOffset.UTC));
    }

    static String month(YearMonth m) {
        return MONTH.format(m);
    }

    /** A ledger resource kind in the users' words: Workspace, Scheduled query, Batch scoring, … (unknown: as given). */
    static String kind(String kind) {
        try {
            return switch (io.esteira.costs.ResourceKind.valueOf(kind)) {
                case WORKSPACE -> "Workspace";
                case WORKSPACE_DISK -> "Workspace disk";
                case SCHEDULE_RUN -> "Scheduled query";
                case BATCH_RUN -> "Batch scoring";
                case DEPLOYMENT -> "Deployment (replicas)";
                case PREDICTIONS -> "Predictions";
                case STORAGE -> "Storage";
                case TRAINING_RUN -> "Training run";
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return kind;
        }
    }

    /** A share of a whole with one decimal: 42.5 % */
    static String share(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 || part == null ? "–"
                : part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, java.math.RoundingMode.HALF_UP) + " %";
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge small " + theme);
        return badge;
    }
}
