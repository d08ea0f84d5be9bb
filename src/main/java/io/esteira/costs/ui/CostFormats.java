package io.esteira.costs.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.shared.Formats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** What only the cost pages write: unit prices, shares of a total, resource kinds (dates, amounts: {@link Formats}). */
final class CostFormats {

    private CostFormats() {
    }

    /** A unit price: at least 2 decimals, as many as it has up to 10 (0.04, 0.0123456789). */
    static String price(BigDecimal v) {
        return new DecimalFormat("#,##0.00########", DecimalFormatSymbols.getInstance(Locale.UK)).format(v);
    }

    /** A percentage of a whole: 42% */
    static String percent(BigDecimal part, BigDecimal whole) {
        return Formats.percent(fraction(part, whole), 0);
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

    /** A share of a whole with one decimal: 42.5% */
    static String share(BigDecimal part, BigDecimal whole) {
        return Formats.percent(fraction(part, whole), 1);
    }

    private static Double fraction(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 || part == null ? null : part.divide(whole, 8, RoundingMode.HALF_UP).doubleValue();
    }

    static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge small " + theme);
        return badge;
    }
}
