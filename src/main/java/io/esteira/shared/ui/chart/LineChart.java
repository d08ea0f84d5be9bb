package io.esteira.shared.ui.chart;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.chart.ChartOption.Axis;
import io.esteira.shared.ui.chart.ChartOption.AxisLabel;
import io.esteira.shared.ui.chart.ChartOption.Grid;
import io.esteira.shared.ui.chart.ChartOption.Legend;
import io.esteira.shared.ui.chart.ChartOption.Series;
import io.esteira.shared.ui.chart.ChartOption.Tooltip;
import java.util.List;
import java.util.Objects;

/** A titled line chart (monitoring, costs): one value per bucket, gaps where a value is missing. */
public final class LineChart {

    private LineChart() {
    }

    /** One line; a null value is a gap. Points are drawn, smaller when there are many, so that a lone point between gaps shows. */
    public static Series line(String name, List<? extends Number> values) {
        return new Series(name, "line", new java.util.ArrayList<Number>(values), Boolean.FALSE, null, Boolean.TRUE, values.size() > 100 ? 2 : 4);
    }

    public static Div of(String id, String title, List<String> labels, Series... series) {
        H3 heading = new H3(title);
        heading.addClassNames(LumoUtility.FontSize.MEDIUM, LumoUtility.Margin.Bottom.XSMALL);
        EChart chart = new EChart();
        chart.setId(id + "-chart");
        chart.setHeight("220px");
        chart.setWidthFull();
        chart.setOption(new ChartOption(new Tooltip("axis"), new Legend(true, "0"), new Grid("8", "16", "16", "32", true),
                new Axis("category", labels, new AxisLabel(null, 90, "truncate")), new Axis("value", null, null), List.of(series)));
        Div box = new Div(heading, chart);
        box.setId(id);
        box.getElement().setAttribute("role", "img");
        box.getElement().setAttribute("aria-label", title + ": " + String.join(", ", List.of(series).stream().map(Series::name)
                .filter(Objects::nonNull).toList()) + " per bucket; the CSV export has the figures");
        return box;
    }
}
