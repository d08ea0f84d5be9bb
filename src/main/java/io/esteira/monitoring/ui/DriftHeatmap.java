package io.esteira.monitoring.ui;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Div;
import io.esteira.monitoring.DriftResults.Drift;
import io.esteira.monitoring.MonitoringDashboard.DriftOverview;
import io.esteira.monitoring.MonitoringDashboard.FeatureDrift;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.shared.Formats;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Features × windows, each cell coloured by its verdict (its PSI on hover): written as one piece of
 * HTML rather than a component per cell, since a week of hours for 50 features is 8,400 cells. A
 * feature's name is a button; its click comes back as the feature.
 */
final class DriftHeatmap extends Div {

    DriftHeatmap(DriftOverview drift, Consumer<String> onFeature) {
        setId("drift-heatmap");
        addClassName("drift-heatmap-box");
        if (drift.windows().size() > 48) {
            addClassName("drift-dense");
        }
        StringBuilder html = new StringBuilder("<div class=\"drift-heatmap\" style=\"--windows:").append(drift.windows().size()).append("\">");
        row(html, null, "All features", drift.windows(), drift.dataset());
        for (FeatureDrift f : drift.features()) {
            row(html, f.feature(), f.feature(), drift.windows(), f.windows());
        }
        List<Instant> w = drift.windows();
        html.append("<div class=\"drift-row drift-axis\"><span></span><span class=\"drift-axis-labels\"><span>")
                .append(escape(Figures.bucket(drift.granularity(), w.getFirst()))).append("</span><span>")
                .append(escape(Figures.bucket(drift.granularity(), w.get(w.size() / 2)))).append("</span><span>")
                .append(escape(Figures.bucket(drift.granularity(), w.getLast()))).append("</span></span></div>");
        html.append("</div>");
        Html map = new Html(html.toString());
        add(map);
        getElement().addEventListener("click", e -> {
            tools.jackson.databind.JsonNode value = e.getEventData().get("event.target.closest('[data-feature]')?.dataset.feature ?? ''");
            String feature = value == null || value.isNull() ? null : value.asString();
            if (feature != null && !feature.isEmpty()) {
                onFeature.accept(feature);
            }
        }).addEventData("event.target.closest('[data-feature]')?.dataset.feature ?? ''");
    }

    private static void row(StringBuilder html, String feature, String label, List<Instant> windows, List<Drift> rows) {
        Map<Instant, Drift> byWindow = new HashMap<>();
        rows.forEach(d -> byWindow.put(d.windowStart(), d));
        html.append("<div class=\"drift-row\"");
        if (feature != null) {
            html.append(" data-feature=\"").append(escape(feature)).append("\"");
        }
        html.append(">");
        if (feature != null) {
            html.append("<button type=\"button\" class=\"drift-feature\" title=\"Show the distributions of ").append(escape(feature))
                    .append("\">").append(escape(label)).append("</button>");
        } else {
            html.append("<span class=\"drift-feature drift-dataset\">").append(escape(label)).append("</span>");
        }
        html.append("<span class=\"drift-cells\">");
        for (Instant w : windows) {
            Drift d = byWindow.get(w);
            if (d == null) {
                html.append("<span class=\"drift-cell drift-none\" title=\"").append(escape(Formats.dateTime(w)))
                        .append(": not evaluated\"></span>");
                continue;
            }
            String psi = Formats.decimal(d.psi(), 3);
            String title = Formats.dateTime(w) + ": " + Figures.verdict(d.verdict()) + (feature == null ? ", breach share " : ", PSI ")
                    + psi + ", " + Formats.count(d.windowRows()) + " rows";
            html.append("<span class=\"drift-cell drift-").append(d.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append("\" style=\"--psi:").append(intensity(d)).append("\" title=\"").append(escape(title)).append("\"></span>");
        }
        html.append("</span></div>");
    }

    /** How strong the colour is: PSI 0 → faint, 0.5 and more → full. */
    private static String intensity(Drift d) {
        if (d.verdict() == Verdict.INSUFFICIENT_DATA || d.psi() == null) {
            return "1";
        }
        return String.format(Locale.ROOT, "%.2f", 0.35 + 0.65 * Math.min(1, d.psi() / 0.5));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
