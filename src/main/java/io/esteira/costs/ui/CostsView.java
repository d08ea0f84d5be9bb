package io.esteira.costs.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostForecast;
import io.esteira.costs.CostForecasts;
import io.esteira.costs.CostLedger;
import io.esteira.costs.CostTotal;
import io.esteira.costs.IdleWaste;
import io.esteira.costs.IdleWasteReport;
import io.esteira.costs.SharedPools;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.CsvDownload;
import io.esteira.shared.ui.chart.LineChart;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an area spends in a month, from the ledger's daily rollup: the month so far against the budget and the forecast
 * with its band (managers and administrators), the daily trend, the month over the five before it by kind, and the
 * month by resource kind, by person, by model and by resource (a schedule's runs as one), each exportable; a row of the
 * kinds, people or models opens onto its resources, which add up to it. Every figure is a sum of the ledger's lines, so
 * the tables add up to the month's total. The area's share of the shared pools (managers and administrators), and idle
 * waste by person: what running workspaces cost while they sat idle. A data scientist sees their own spend and idle
 * time in their areas. {@code ?area=<code>&month=yyyy-MM} opens an area's month (the manager's home links so).
 */
@Route("costs")
@PageTitle("Costs · Esteira")
@Menu(title = "Costs", order = 56, icon = "vaadin:wallet")
@RolesAllowed({Role.MANAGER_NAME, Role.ADMIN_NAME, Role.DATA_SCIENTIST_NAME})
class CostsView extends VerticalLayout implements BeforeEnterObserver {

    private static final int TOP = 20;
    private static final int MONTHS = 13;

    private final CostLedger ledger;
    private final CostForecasts forecasts;
    private final IdleWaste idleWaste;
    private final SharedPools pools;
    private final AreaAccess access;
    private final Clock clock;
    private final List<AreaSummary> mine;
    private final Select<AreaSummary> area = new Select<>();
    private final Select<YearMonth> month = new Select<>();
    private final Paragraph notice = new Paragraph();
    private final VerticalLayout body = new VerticalLayout();
    /** While the query parameters are applied: the pickers' changes neither show the month twice nor rewrite the address. */
    private boolean applying;

    CostsView(CostLedger ledger, CostForecasts forecasts, IdleWaste idleWaste, SharedPools pools, AreaService areas, AreaAccess access,
            Clock clock) {
        this.ledger = ledger;
        this.forecasts = forecasts;
        this.idleWaste = idleWaste;
        this.pools = pools;
        this.access = access;
        this.clock = clock;
        this.mine = areas.myAreas();
        addClassName("view");
        setId("costs-view");

        area.setId("costs-area");
        area.setLabel("Area");
        area.setWidth("min(100%, 22rem)");
        area.setItems(mine);
        area.setItemLabelGenerator(a -> a.name() + " (" + a.code() + ")");
        YearMonth current = current();
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < MONTHS; i++) {
            months.add(current.minusMonths(i));
        }
        month.setId("costs-month");
        month.setLabel("Month");
        month.setItems(months);
        month.setItemLabelGenerator(m -> Formats.month(m) + (m.equals(current) ? " (so far)" : ""));
        month.setValue(current);
        month.setWidth("15rem");
        HorizontalLayout pickers = new HorizontalLayout(area, month);
        pickers.setWidthFull();
        pickers.getStyle().set("flex-wrap", "wrap");
        area.addValueChangeListener(e -> picked());
        month.addValueChangeListener(e -> picked());

        notice.setId("costs-notice");
        notice.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontSize.SMALL);
        notice.setVisible(false);
        body.setPadding(false);
        body.setId("costs-body");
        add(new H1("Costs"), pickers, notice, body);
        if (mine.isEmpty()) {
            body.add(new Paragraph("You belong to no area: costs are kept per area."));
        }
    }

    private YearMonth current() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /** {@code ?area=<code>&month=yyyy-MM}: the area (one of the caller's) and month to open; otherwise the first area, this month. */
    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (mine.isEmpty()) {
            return;
        }
        QueryParameters query = event.getLocation().getQueryParameters();
        String code = query.getSingleParameter("area").map(String::strip).orElse(null);
        String asked = query.getSingleParameter("month").map(String::strip).orElse(null);
        List<String> problems = new ArrayList<>();
        AreaSummary chosen = area.getValue() == null ? mine.getFirst() : area.getValue();
        if (code != null && !code.isEmpty()) {
            Optional<AreaSummary> found = mine.stream().filter(a -> a.code().equalsIgnoreCase(code)).findFirst();
            if (found.isPresent()) {
                chosen = found.get();
            } else {
                problems.add("No area " + code + " among yours: showing " + chosen.name() + ".");
            }
        }
        YearMonth m = month.getValue();
        if (asked != null && !asked.isEmpty()) {
            try {
                YearMonth parsed = YearMonth.parse(asked);
                if (parsed.isAfter(current()) || parsed.isBefore(current().minusMonths(MONTHS - 1))) {
                    problems.add(Formats.month(parsed) + " is not among the last " + MONTHS + " months: showing " + Formats.month(m) + ".");
                } else {
                    m = parsed;
                }
            } catch (java.time.format.DateTimeParseException e) {
                problems.add("'" + asked + "' is not a month (yyyy-MM): showing " + Formats.month(m) + ".");
            }
        }
        notice.setText(String.join(" ", problems));
        notice.setVisible(!problems.isEmpty());
        applying = true;
        try {
            area.setValue(chosen);
            month.setValue(m);
        } finally {
            applying = false;
        }
        show();
    }

    /** A picker changed: the month shows, and the address says which, so that it can be shared or reloaded. */
    private void picked() {
        if (applying) {
            return;
        }
        notice.setVisible(false);
        AreaSummary a = area.getValue();
        YearMonth m = month.getValue();
        if (a != null && m != null) {
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, new Location("costs",
                    QueryParameters.simple(Map.of("area", a.code(), "month", m.toString())))));
        }
        show();
    }

    private void show() {
        body.removeAll();
        AreaSummary a = area.getValue();
        YearMonth m = month.getValue();
        if (a == null || m == null) {
            return;
        }
        boolean whole = access.canManage(a.id()) || CurrentUser.require().isAdmin();
        Instant from = m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CostTotal> days = ledger.totals(a.id(), from, to, CostTotal.Granularity.DAY, null);
        BigDecimal total = days.stream().map(CostTotal::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String currency = days.isEmpty() ? a.monthlyBudget().currency().getCurrencyCode() : days.getFirst().currency();
        CostBreakdown.Month shown = new CostBreakdown.Month(ledger, a, m, currency);

        Paragraph summary = new Paragraph();
        summary.setId("costs-summary");
        summary.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Bottom.NONE);
        CostForecast forecast = whole ? forecasts.forecast(a.id(), m) : null;
        String spent = (whole ? "" : "Your spend: ") + Formats.amount(total) + " " + currency;
        boolean running = forecast != null && forecast.hoursLeft().signum() > 0;
        if (running) {
            summary.setText(spent + " so far · forecast " + Formats.amount(forecast.forecast()) + " (" + Formats.amount(forecast.low()) + " to "
                    + Formats.amount(forecast.high()) + ")" + (forecast.budget() == null ? "" : " of a budget of " + Formats.amount(forecast.budget())
                            + (forecast.percentOfBudget() == null ? "" : " (" + forecast.percentOfBudget().setScale(0, RoundingMode.HALF_UP)
                                    + "%)")));
        } else {
            summary.setText(spent + (forecast != null && forecast.budget() != null ? " of a budget of " + Formats.amount(forecast.budget()) : ""));
        }
        Paragraph how = new Paragraph(whole
                ? "From the hourly ledger (every hour rated at the prices of that hour). The forecast adds what runs now until the month "
                        + "ends and the average day of jobs and calls of the last 7 days; its band uses the lowest and the highest of those days."
                : "Your own lines of the hourly ledger in this area: the workspaces, runs and deployments you asked for, and the data "
                        + "stored for you (feature groups you own, model versions you registered).");
        how.setId("costs-how");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.XSMALL);
        body.add(summary, how);
        if (days.isEmpty()) {
            Paragraph empty = new Paragraph("Nothing was used in " + Formats.month(m) + (whole ? " in this area" : " by you in this area")
                    + ": the ledger rates usage every few minutes, so new work shows here shortly.");
            empty.setId("costs-empty");
            body.add(empty, MonthOverMonth.of(shown, running ? forecast : null, !whole, m.equals(current())));
            if (whole) {
                body.add(PoolSharesPanel.of(pools.shares(a.id(), m), shown));
            }
            return;
        }
        body.add(trend(m, days));
        body.add(MonthOverMonth.of(shown, running ? forecast : null, !whole, m.equals(current())));
        body.add(CostBreakdown.of("costs-by-kind", "By resource kind", "Kind", ledger.totals(a.id(), from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.KIND), total, shown, t -> CostFormats.kind(t.key()), CostTotal.By.KIND));
        if (whole) {
            body.add(CostBreakdown.of("costs-by-person", "By person", "Person", ledger.totals(a.id(), from, to, CostTotal.Granularity.MONTH,
                    CostTotal.By.PERSON), total, shown, t -> person(t.label()), CostTotal.By.PERSON));
        }
        body.add(CostBreakdown.of("costs-by-model", "By model", "Model", ledger.totals(a.id(), from, to, CostTotal.Granularity.MONTH,
                CostTotal.By.MODEL), total, shown, t -> t.key() == null ? "Not tied to a model" : t.label(), CostTotal.By.MODEL));
        List<CostTotal> resources = ledger.totals(a.id(), from, to, CostTotal.Granularity.MONTH, CostTotal.By.RESOURCE_GROUP);
        body.add(CostBreakdown.of("costs-by-resource", resources.size() > TOP ? "Top " + TOP + " of " + resources.size() + " resources"
                : "By resource", "Resource", resources.stream().limit(TOP).toList(), total, shown, CostBreakdown::resource, null));
        if (whole) {
            body.add(PoolSharesPanel.of(pools.shares(a.id(), m), shown));
        }
        body.add(idleWaste(a, m));
    }

    /** Idle waste by person (a data scientist: their own row), each row opening onto the person's workspaces. */
    private Div idleWaste(AreaSummary a, YearMonth m) {
        IdleWasteReport report = idleWaste.month(a.id(), m);
        String currency = report.currency();
        H2 heading = new H2("Idle waste by person");
        heading.addClassNames(LumoUtility.FontSize.LARGE);
        HorizontalLayout head = new HorizontalLayout(heading, CsvDownload.link("costs-idle-csv", a.code() + "-" + m + "-idle-waste.csv",
                List.of("person", "idle_hours", "idle_cost", "currency", "workspace_compute_cost", "percent_of_compute", "idle_periods"),
                report.people().stream().map(p -> List.of(person(p.personName()), p.hours().toPlainString(), p.cost().toPlainString(),
                        currency, p.computeCost().toPlainString(), p.percentOfCompute() == null ? "" : p.percentOfCompute().toPlainString(),
                        Integer.toString(p.periods()))).toList()));
        head.setAlignItems(FlexComponent.Alignment.BASELINE);
        head.getStyle().set("flex-wrap", "wrap");
        long grace = report.idleAfter().toMinutes();
        Paragraph how = new Paragraph("Idle: a running workspace with no activity and no busy kernel for more than " + grace
                + " min, counted from then until the next activity or its stop, and priced like its compute at each hour's prices. "
                + "Share: of that person's workspace compute cost in the month." + (report.people().isEmpty() ? "" : " Open a row for the workspaces."));
        how.setId("costs-idle-how");
        how.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Top.NONE);
        Div box = new Div(head, how);
        box.setWidthFull();
        if (report.people().isEmpty()) {
            Paragraph empty = new Paragraph((report.wholeArea() ? "No running workspace in this area" : "None of your running workspaces")
                    + " sat idle for more than " + grace + " min in " + Formats.month(m) + ".");
            empty.setId("costs-idle-empty");
            box.add(empty);
            return box;
        }
        Grid<IdleWasteReport.Person> grid = new Grid<>();
        grid.setId("costs-idle");
        grid.addColumn(p -> person(p.personName())).setHeader("Person").setFlexGrow(1).setTooltipGenerator(p -> person(p.personName()));
        grid.addColumn(p -> hours(p.hours())).setHeader("Hours idle").setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(p -> Formats.amount(p.cost()) + " " + currency).setHeader("Cost").setTextAlign(ColumnTextAlign.END).setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(p -> percent(p.percentOfCompute())).setHeader("Share").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(p -> {
            Div details = new Div();
            details.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Padding.Horizontal.MEDIUM);
            report.workspaces().stream().filter(w -> java.util.Objects.equals(w.personId(), p.personId())).forEach(w -> {
                Div row = new Div(w.workspaceName() + ": " + hours(w.hours()) + " idle in " + w.periods() + (w.periods() == 1 ? " period" : " periods")
                        + " · " + Formats.amount(w.cost()) + " " + currency + (w.percentOfCompute() == null ? "" : " · " + percent(w.percentOfCompute())
                                + " of its compute"));
                row.getStyle().set("overflow-wrap", "anywhere");
                details.add(row);
            });
            return details;
        }));
        grid.setItems(report.people());
        grid.setAllRowsVisible(true); // the area's people with idle time: a few dozen rows at most
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        box.add(grid);
        return box;
    }

    private static String person(String name) {
        return name == null ? "(the platform)" : name;
    }

    private static String hours(BigDecimal h) {
        return h.setScale(2, RoundingMode.HALF_UP) + " h";
    }

    private static String percent(BigDecimal p) {
        return Formats.percent(p == null ? null : p.doubleValue() / 100);
    }

    private Div trend(YearMonth m, List<CostTotal> days) {
        Map<LocalDate, BigDecimal> byDay = new LinkedHashMap<>();
        days.forEach(d -> byDay.merge(d.period(), d.amount(), BigDecimal::add));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<String> labels = new ArrayList<>();
        List<Number> daily = new ArrayList<>();
        List<Number> cumulative = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (LocalDate d = m.atDay(1); !d.isAfter(m.atEndOfMonth()); d = d.plusDays(1)) {
            labels.add(Formats.dayMonth(d));
            BigDecimal amount = byDay.getOrDefault(d, BigDecimal.ZERO);
            sum = sum.add(amount);
            boolean past = !d.isAfter(today);
            daily.add(past ? amount.setScale(2, RoundingMode.HALF_UP) : null);
            cumulative.add(past ? sum.setScale(2, RoundingMode.HALF_UP) : null);
        }
        // the budget is in the summary above: drawn here it would flatten the days of a month far under it
        Div chart = LineChart.of("costs-trend", "Daily trend (" + Formats.month(m) + ", UTC days)", labels, LineChart.line("Per day", daily),
                LineChart.line("Month so far", cumulative));
        chart.setWidthFull();
        return chart;
    }
}
