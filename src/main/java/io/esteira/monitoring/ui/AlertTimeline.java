package io.esteira.monitoring.ui;

import io.esteira.shared.Formats;
import io.esteira.shared.ui.CsvDownload;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.AlertView;
import io.esteira.monitoring.DashboardWindow;
import io.esteira.shared.ui.People;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The release's alerts of the window, each with its steps (opened, acknowledged, snoozed, resolved) and what its area may do. */
final class AlertTimeline extends VerticalLayout {

    /** One step of an alert's life. */
    record Step(AlertView alert, Instant at, String what, String who, String detail) {
    }

    private final AlertActions actions;
    private final People people;

    AlertTimeline(AlertActions actions, People people) {
        this.actions = actions;
        this.people = people;
        setId("monitoring-alert-timeline");
        setPadding(false);
        setSpacing(false);
    }

    void show(List<AlertView> alerts, DashboardWindow window, String deployment) {
        removeAll();
        List<Step> steps = new ArrayList<>();
        alerts.forEach(a -> steps.addAll(steps(a)));
        people.know(steps.stream().map(Step::who).toList());
        steps.sort(Comparator.comparing(Step::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        HorizontalLayout title = new HorizontalLayout(new H2("Alerts"), CsvDownload.link("alerts-csv", deployment + "-alerts.csv",
                List.of("at_utc", "step", "by", "check", "segment", "severity", "state_now", "detail", "alert_id"),
                steps.stream().map(s -> List.of(Formats.iso(s.at()), s.what(), s.who() == null ? "" : s.who(), s.alert().check(),
                        s.alert().segment(), s.alert().severity(), s.alert().state(), s.detail() == null ? "" : s.detail(), s.alert().id().toString())).toList()));
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        title.getStyle().set("flex-wrap", "wrap");
        add(title);
        if (alerts.isEmpty()) {
            Paragraph empty = new Paragraph("No alerts in this window (" + window.label().toLowerCase() + "). An alert opens when the "
                    + "dataset drift is in breach for the monitor's number of consecutive hours, or for a day; the area is told.");
            empty.setId("alerts-empty");
            empty.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Top.NONE);
            add(empty);
            return;
        }
        Grid<AlertView> grid = new Grid<>();
        grid.setId("alert-timeline");
        grid.addComponentColumn(a -> {
            Span check = new Span(a.check() + (io.esteira.monitoring.LiveProfiles.ALL.equals(a.segment()) ? ""
                    : " in " + a.segment().replace("=", " = ")) + " · " + a.severity().toLowerCase());
            check.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Display.BLOCK);
            Span message = new Span(a.message());
            message.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
            Span recommendation = new Span("Recommended: " + a.recommendation());
            recommendation.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.Display.BLOCK, LumoUtility.TextColor.SECONDARY);
            Div lines = new Div();
            lines.addClassNames(LumoUtility.Margin.Top.XSMALL, LumoUtility.Padding.Left.SMALL, LumoUtility.Border.LEFT,
                    LumoUtility.BorderColor.CONTRAST_20);
            steps(a).forEach(s -> {
                Span line = new Span(s.what() + (s.who() == null ? "" : " by " + people.name(s.who()))
                        + (s.at() == null ? "" : " · " + Formats.dateTime(s.at())) + (s.detail() == null ? "" : ": " + s.detail()));
                if (s.who() != null) {
                    line.getElement().setAttribute("title", s.who());
                    line.getElement().setAttribute("data-username", s.who());
                }
                line.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
                lines.add(line);
            });
            return new Div(check, message, recommendation, lines);
        }).setHeader("Alert and its timeline").setWidth("14rem").setFlexGrow(1);
        grid.addComponentColumn(a -> {
            Div state = new Div(AlertTimeline.state(a), actions.buttons(a));
            return state;
        }).setHeader("State").setWidth("10.5rem").setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        grid.setAllRowsVisible(true);
        grid.setItems(alerts);
        add(grid);
    }

    static List<Step> steps(AlertView a) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(a, a.openedAt(), "Opened", null, a.timesSeen() > 1 ? "seen in " + a.timesSeen() + " windows" : null));
        if (a.acknowledgedAt() != null) {
            steps.add(new Step(a, a.acknowledgedAt(), "Acknowledged", a.acknowledgedBy(), null));
        }
        if (a.snoozedUntil() != null && a.resolvedAt() == null) {
            steps.add(new Step(a, null, "Snoozed until " + Formats.dateTime(a.snoozedUntil()), null, a.snoozeReason()));
        }
        if (a.resolvedAt() != null) {
            steps.add(new Step(a, a.resolvedAt(), "Resolved", a.resolvedBy(), a.resolution()));
        }
        return steps;
    }

    private static Span state(AlertView a) {
        return switch (a.state()) {
            case "OPEN" -> Figures.badge("Open", "error");
            case "ACKNOWLEDGED" -> Figures.badge("Acknowledged", "contrast");
            case "SNOOZED" -> Figures.badge("Snoozed", "");
            default -> Figures.badge("Resolved", "success");
        };
    }
}
