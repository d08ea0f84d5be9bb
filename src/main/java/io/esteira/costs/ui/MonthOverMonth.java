package io.esteira.costs.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.costs.CostForecast;
import io.esteira.costs.CostTotal;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.DataChart;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shown month and the five before it by resource kind, as stacked bars from the daily rollup, with the rest of the
 * month's forecast on top of the current month's bar (managers and administrators), the figures as CSV, and the
 * month (or its forecast) compared with the months before.
 */
final class MonthOverMonth {

    static final int MONTHS = 6;

    private MonthOverMonth() {
    }

    /**
     * @param forecast the month's forecast, null when there is none to show (a past month, or a data scientist's own spend)
     * @param own      the figures are the caller's own lines (a data scientist)
     * @param soFar    the month is the current one
     */
    static Div of(CostBreakdown.Month shown, CostForecast forecast, boolean own, boolean soFar) {
        YearMonth last = shown.month();
        YearMonth first = last.minusMonths(MONTHS - 1);
        List<CostTotal> totals = shown.ledger().totals(shown.area().id(), first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                shown.to(), CostTotal.Granularity.MONTH, CostTotal.By.KIND);
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        // kinds, the largest over the six months first (at the bottom of each bar)
        Map<String, BigDecimal> byKind = new LinkedHashMap<>();
        totals.forEach(t -> byKind.merge(t.key(), t.amount(), BigDecimal::add));
        List<String> kinds = byKind.entrySet().stream().sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed())
                .map(Map.Entry::getKey).toList();
        Map<YearMonth, BigDecimal> perMonth = new LinkedHashMap<>();
        months.forEach(m -> perMonth.put(m, BigDecimal.ZERO));
        totals.forEach(t -> perMonth.merge(YearMonth.from(t.period()), t.amount(), BigDecimal::add));

        // short (Jul ’26), so that six of them fit side by side on a phone
        List<String> labels = months.stream().map(Formats::shortMonth).toList();
        List<ChartData.SeriesData> series = new ArrayList<>();
        for (String kind : kinds) {
            List<BigDecimal> values = new ArrayList<>();
            for (YearMonth m : months) {
                values.add(totals.stream().filter(t -> t.key().equals(kind) && YearMonth.from(t.period()).equals(m)).map(CostTotal::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP));
            }
            series.add(new ChartData.SeriesData(CostFormats.kind(kind), values));
        }
        BigDecimal rest = forecast == null ? null : forecast.forecast().subtract(perMonth.get(last)).max(BigDecimal.ZERO);
        if (rest != null) {
            List<BigDecimal> values = new ArrayList<>();
            months.forEach(m -> values.add(m.equals(last) ? rest.setScale(2, RoundingMode.HALF_UP) : null));
            series.add(new ChartData.SeriesData("Forecast, rest of " + Formats.shortMonth(last), values, true));
        }
        String currency = shown.currency();
        DataChart chart = new DataChart("costs-months", (own ? "Your spend" : "Spend") + " by resource kind, " + Formats.shortMonth(first) + " to "
                + Formats.shortMonth(last) + (rest == null ? "" : ", with the forecast of " + Formats.shortMonth(last)) + " (" + currency + ")",
                DataChart.Kind.STACKED_BAR, "Nothing was used in these six months.");
        chart.show(new ChartData("Month", labels, series));
        chart.chart().setHeight("260px");

        H2 heading = new H2("Month over month");
        heading.addClassNames(LumoUtility.FontSize.LARGE);
        List<List<String>> rows = new ArrayList<>();
        totals.stream().sorted((a, b) -> a.period().equals(b.period()) ? b.amount().compareTo(a.amount()) : a.period().compareTo(b.period()))
                .forEach(t -> rows.add(List.of(YearMonth.from(t.period()).toString(), t.key(), t.amount().toPlainString(), t.currency(),
                        Long.toString(t.lines()))));
        if (rest != null) {
            rows.add(List.of(last.toString(), "FORECAST_REST_OF_MONTH", rest.toPlainString(), currency, ""));
        }
        HorizontalLayout head = new HorizontalLayout(heading, CsvDownload.link("costs-months-csv", shown.file("month-over-month"),
                List.of("month", "kind", "amount", "currency", "hourly_lines"), rows));
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.getStyle().set("flex-wrap", "wrap");

        Paragraph compared = new Paragraph(compare(last, perMonth, forecast, currency, own, soFar));
        compared.setId("costs-months-compare");
        compared.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        Div box = new Div(head, compared, chart);
        box.setWidthFull();
        return box;
    }

    /** The month (its forecast, when there is one) against the month before and the average of the months before with any spend. */
    static String compare(YearMonth last, Map<YearMonth, BigDecimal> perMonth, CostForecast forecast, String currency, boolean own,
            boolean soFar) {
        List<BigDecimal> before = perMonth.entrySet().stream().filter(e -> e.getKey().isBefore(last) && e.getValue().signum() != 0)
                .map(Map.Entry::getValue).toList();
        BigDecimal now = forecast != null ? forecast.forecast() : perMonth.get(last);
        String what = forecast != null ? "The forecast for " + Formats.month(last) + ", " + money(now, currency) + ","
                : (own ? "Your spend in " : "The spend in ") + Formats.month(last) + (soFar ? " so far" : "") + ", "
                        + money(now, currency) + ",";
        if (before.isEmpty()) {
            return what + " has nothing to compare with: nothing was used in the " + (MONTHS - 1) + " months before.";
        }
        YearMonth previous = last.minusMonths(1);
        BigDecimal lastMonth = perMonth.getOrDefault(previous, BigDecimal.ZERO);
        BigDecimal average = before.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(before.size()), 10,
                RoundingMode.HALF_EVEN);
        String withAverage = against(now, average) + " the average of the " + (before.size() == 1 ? "month" : before.size() + " months")
                + " with spend before it (" + money(average, currency) + ")";
        return lastMonth.signum() == 0 ? what + " is " + withAverage + "; " + Formats.month(previous) + " had no spend."
                : what + " is " + against(now, lastMonth) + " " + Formats.month(previous) + " (" + money(lastMonth, currency) + ") and "
                        + withAverage + ".";
    }

    /** 18 % more than, 5 % less than, about the same as (then is not zero). */
    private static String against(BigDecimal now, BigDecimal then) {
        BigDecimal percent = now.subtract(then).multiply(BigDecimal.valueOf(100)).divide(then.abs(), 0, RoundingMode.HALF_UP);
        if (percent.signum() == 0) {
            return "about the same as";
        }
        return percent.abs() + "% " + (percent.signum() > 0 ? "more than" : "less than");
    }

    private static String money(BigDecimal v, String currency) {
        return Formats.amount(v) + " " + currency;
    }
}
