package io.esteira.shared.ui.chart;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.chart.ChartOption.Axis;
import io.esteira.shared.ui.chart.ChartOption.Grid;
import io.esteira.shared.ui.chart.ChartOption.Legend;
import io.esteira.shared.ui.chart.ChartOption.Series;
import io.esteira.shared.ui.chart.ChartOption.Tooltip;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * A chart with a text table of the same data for screen readers (the drawing itself is hidden
 * from them), and an empty state that says so instead of drawing nothing.
 */
public class DataChart extends Composite<Div> {

    /** STACKED_BAR: one bar per category, the series on top of each other (their sum is the bar). */
    public enum Kind { BAR, LINE, STACKED_BAR }

    /**
     * Stacked series side by side need a colour each: Lumo's five (as its light theme has them, which the element's own
     * palette falls back to) and four more of the same weight.
     */
    private static final List<String> MANY_COLOURS = List.of("#1676f3", "#0e8a4c", "#c78000", "#e3243b", "#6b7686", "#7b3fc4",
            "#0f8b8d", "#c2185b", "#8d6e63");

    private final EChart chart = new EChart();
    private final Element table = new Element("table");
    private final Paragraph empty = new Paragraph();
    private final String caption;
    private final Kind kind;

    public DataChart(String id, String caption, Kind kind, String emptyMessage) {
        this.caption = caption;
        this.kind = kind;
        getContent().setId(id);
        getContent().setWidthFull();
        chart.setId(id + "-chart");
        table.setAttribute("class", "sr-only");
        table.setAttribute("data-testid", id + "-table");
        empty.setText(emptyMessage);
        empty.addClassNames(LumoUtility.TextColor.SECONDARY);
        empty.setVisible(false);
        getContent().add(chart, empty);
        getContent().getElement().appendChild(table);
    }

    public EChart chart() {
        return chart;
    }

    public void show(ChartData data) {
        boolean nothing = data.isEmpty();
        empty.setVisible(nothing);
        chart.setVisible(!nothing);
        String type = kind == Kind.LINE ? "line" : "bar";
        List<Series> series = data.series().stream()
                .map(s -> new Series(s.name(), type, s.values(), kind == Kind.LINE ? Boolean.TRUE : null,
                        kind == Kind.LINE ? null : "48", null, null, kind == Kind.STACKED_BAR ? "total" : null,
                        s.estimate() ? new ChartOption.ItemStyle(0.35, "dashed", "#6b7686", 1) : null))
                .toList();
        boolean stacked = kind == Kind.STACKED_BAR;
        chart.setOption(new ChartOption(new Tooltip("axis"),
                new Legend(data.series().size() > 1, "0", stacked ? "scroll" : null),
                new Grid("8", "16", "16", data.series().size() > 1 ? "32" : "8", true),
                new Axis("category", data.categories(), new ChartOption.AxisLabel(
                        data.categories().size() <= 6 ? 0 : null, 110, "truncate")),
                new Axis("value", null, null), series, stacked && data.series().size() > 5 ? MANY_COLOURS : null));
        renderTable(data);
    }

    private void renderTable(ChartData data) {
        table.removeAllChildren();
        table.appendChild(new Element("caption").setText(caption));
        Element head = new Element("tr");
        head.appendChild(new Element("th").setText(data.categoryLabel()));
        data.series().forEach(s -> head.appendChild(new Element("th").setText(s.name())));
        table.appendChild(head);
        NumberFormat numbers = NumberFormat.getNumberInstance(Locale.ENGLISH);
        for (int i = 0; i < data.categories().size(); i++) {
            Element row = new Element("tr");
            row.appendChild(new Element("th").setText(data.categories().get(i)));
            for (var s : data.series()) {
                Number v = s.values().get(i);
                row.appendChild(new Element("td").setText(v == null ? "–" : numbers.format(v)));
            }
            table.appendChild(row);
        }
    }
}
