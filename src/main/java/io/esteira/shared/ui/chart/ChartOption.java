package io.esteira.shared.ui.chart;

import java.util.List;

/**
 * The subset of ECharts' option object that Esteira uses, as records that serialise to it. {@code color}: the series'
 * colours in order (null: Lumo's, which the element applies).
 */
public record ChartOption(Tooltip tooltip, Legend legend, Grid grid, Axis xAxis, Axis yAxis,
        List<Series> series, List<String> color) {

    public ChartOption(Tooltip tooltip, Legend legend, Grid grid, Axis xAxis, Axis yAxis, List<Series> series) {
        this(tooltip, legend, grid, xAxis, yAxis, series, null);
    }

    public record Tooltip(String trigger) {
    }

    /** {@code type} scroll: one line that pages, for many series on a narrow screen (null: plain, wrapping). */
    public record Legend(Boolean show, String bottom, String type) {

        public Legend(Boolean show, String bottom) {
            this(show, bottom, null);
        }
    }

    public record Grid(String left, String right, String top, String bottom, Boolean containLabel) {
    }

    public record Axis(String type, List<String> data, AxisLabel axisLabel) {
    }

    /** interval 0 shows every category; long ones are cut to {@code width} pixels with an ellipsis. */
    public record AxisLabel(Integer interval, Integer width, String overflow) {
    }

    /**
     * {@code showAllSymbol} draws every point's symbol (ECharts leaves some out on a dense category axis), so that a
     * point between gaps (nulls) is seen; {@code symbolSize} in pixels. Bars of series with the same {@code stack} are
     * drawn on top of each other; {@code itemStyle} sets a series apart (e.g. an estimate among actual figures).
     */
    public record Series(String name, String type, List<? extends Number> data, Boolean smooth, String barMaxWidth, Boolean showAllSymbol,
            Integer symbolSize, String stack, ItemStyle itemStyle) {

        public Series(String name, String type, List<? extends Number> data, Boolean smooth, String barMaxWidth, Boolean showAllSymbol,
                Integer symbolSize) {
            this(name, type, data, smooth, barMaxWidth, showAllSymbol, symbolSize, null, null);
        }

        public Series(String name, String type, List<? extends Number> data, Boolean smooth, String barMaxWidth) {
            this(name, type, data, smooth, barMaxWidth, null, null);
        }
    }

    /** How a series' bars look: {@code opacity} 0..1, {@code borderType} solid, dashed or dotted. */
    public record ItemStyle(Double opacity, String borderType, String borderColor, Integer borderWidth) {
    }
}
