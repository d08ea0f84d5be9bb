package io.esteira.monitoring.ui;

import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import io.esteira.shared.ui.chart.LineChart;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.OperationalPoint;
import io.esteira.monitoring.OperationalSeries;
import io.esteira.shared.ui.chart.ChartOption.Series;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Operational health over the window: traffic, latency percentiles, error and invalid rates and,
 * for async releases, the queue, from the precomputed metric rows. Buckets without calls are gaps
 * (no latency, no rate), never zeros, except for the counts.
 */
final class OperationalSection extends VerticalLayout {

    OperationalSection() {
        setId("monitoring-operational");
        setPadding(false);
        setSpacing(false);
    }

    /** @param segment {@code *} for all traffic, else the segment whose figures (from the log's sample, per hour or day) these are */
    void show(OperationalSeries series, DashboardWindow window, String segment) {
        boolean all = io.esteira.monitoring.LiveProfiles.ALL.equals(segment);
        removeAll();
        HorizontalLayout title = new HorizontalLayout(new H2("Operational health"));
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        title.getStyle().set("flex-wrap", "wrap");
        add(title);

        Granularity g = series.granularity();
        Map<Instant, OperationalPoint> byBucket = new HashMap<>();
        series.points().forEach(p -> byBucket.put(p.bucketStart(), p));
        List<Instant> buckets = new ArrayList<>();
        for (Instant b = series.from(); b.isBefore(series.to()); b = b.plus(g.length())) {
            buckets.add(b);
        }
        long calls = series.points().stream().mapToLong(OperationalPoint::calls).sum();
        long rows = series.points().stream().mapToLong(OperationalPoint::rows).sum();
        long errors = series.points().stream().mapToLong(OperationalPoint::errors).sum();
        long invalid = series.points().stream().mapToLong(OperationalPoint::invalid).sum();

        title.add(CsvDownload.link("operational-csv", series.deployment() + "-operational-" + g.name().toLowerCase() + ".csv",
                List.of("bucket_start_utc", "granularity", "model_version", "calls", "rows", "errors", "invalid", "error_rate", "invalid_rate",
                        "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "queue_depth", "queue_oldest_age_s", "batch_calls", "batch_rows",
                        "method"),
                series.points().stream().map(p -> List.of(Formats.iso(p.bucketStart()), g.name(), Integer.toString(p.modelVersion()),
                        Long.toString(p.calls()), Long.toString(p.rows()), Long.toString(p.errors()), Long.toString(p.invalid()),
                        Figures.plain(p.errorRate()), Figures.plain(p.invalidRate()), Figures.plain(p.latencyP50Millis()),
                        Figures.plain(p.latencyP95Millis()), Figures.plain(p.latencyP99Millis()), Figures.plain(p.queueDepth()),
                        Figures.plain(p.queueOldestSeconds()), Long.toString(p.batchCalls()), Long.toString(p.batchRows()), p.method())).toList()));

        Paragraph summary = new Paragraph();
        summary.setId("operational-summary");
        summary.addClassNames(LumoUtility.Margin.Top.NONE, LumoUtility.TextColor.SECONDARY);
        if (calls == 0) {
            summary.setText(all ? "No calls in this window (" + window.label().toLowerCase() + "). The charts fill in as the deployment is "
                    + "called: its metric rows are computed every minute from the prediction log."
                    : "No calls of the segment " + segment + " counted in this window (" + window.label().toLowerCase() + "). A segment's "
                            + "figures are counted once an hour has closed, from the calls whose inputs the prediction log kept.");
            add(summary);
            return;
        }
        summary.setText(Formats.count(calls) + (calls == 1 ? " call, " : " calls, ") + Formats.count(rows) + " rows; " + Formats.percent((double) errors / calls, 2)
                + " errors, " + Formats.percent((double) invalid / calls, 2) + " invalid. Per " + g.name().toLowerCase() + " (UTC)."
                + (all ? "" : " Segment " + segment + ": calls with a row in it, from the calls whose inputs the prediction log kept."));
        add(summary);

        List<String> labels = buckets.stream().map(b -> Figures.bucket(g, b)).toList();
        Div charts = new Div();
        charts.setWidthFull();
        charts.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(min(100%, 26rem), 1fr))")
                .set("gap", "var(--lumo-space-m)");
        charts.add(LineChart.of("operational-traffic", "Traffic", labels,
                series(buckets, byBucket, "Calls", p -> p.calls(), 0L),
                series(buckets, byBucket, "Rows", p -> p.rows(), 0L)));
        charts.add(LineChart.of("operational-latency", "Latency (ms)", labels,
                series(buckets, byBucket, "p50", OperationalPoint::latencyP50Millis, null),
                series(buckets, byBucket, "p95", OperationalPoint::latencyP95Millis, null),
                series(buckets, byBucket, "p99", OperationalPoint::latencyP99Millis, null)));
        charts.add(LineChart.of("operational-errors", "Error and invalid rates (%)", labels,
                series(buckets, byBucket, "Errors", p -> p.errorRate() == null ? null : round(p.errorRate() * 100), null),
                series(buckets, byBucket, "Invalid", p -> p.invalidRate() == null ? null : round(p.invalidRate() * 100), null)));
        if (series.points().stream().anyMatch(p -> p.queueDepth() != null)) {
            charts.add(LineChart.of("operational-queue", "Async queue", labels,
                    series(buckets, byBucket, "Requests waiting", OperationalPoint::queueDepth, null),
                    series(buckets, byBucket, "Oldest waiting (s)", OperationalPoint::queueOldestSeconds, null)));
        }
        add(charts);
    }

    private static Series series(List<Instant> buckets, Map<Instant, OperationalPoint> byBucket, String name,
            Function<OperationalPoint, ? extends Number> value, Number missing) {
        List<Number> data = new ArrayList<>(buckets.size());
        for (Instant b : buckets) {
            OperationalPoint p = byBucket.get(b);
            data.add(p == null ? missing : value.apply(p));
        }
        return LineChart.line(name, data);
    }

    private static Double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
