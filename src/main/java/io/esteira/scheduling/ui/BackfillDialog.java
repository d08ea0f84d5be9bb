package io.esteira.scheduling.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.scheduling.ScheduleRunner;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.WizardSteps;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** Backfill a date range: first the runs it will create (one per fire time, each with its own run date), then the confirmation. */
class BackfillDialog extends Dialog {

    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    private final Paragraph plan = new Paragraph();
    private final Span error = WizardSteps.errorLine("backfill-error");
    private final Button start = new Button("Start backfill");
    private final Clock clock;

    BackfillDialog(ScheduleRunner runner, ScheduleView schedule, Runnable started, Clock clock) {
        this.clock = clock;
        setHeaderTitle("Backfill " + schedule.name());
        setWidth("min(36rem, 95vw)");
        ZoneId zone = ZoneId.of(schedule.zone());
        LocalDate yesterday = LocalDate.now(clock.withZone(zone)).minusDays(1);
        DatePicker.DatePickerI18n iso = new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd").setFirstDayOfWeek(1);
        from.setI18n(iso);
        to.setI18n(iso);
        from.setId("backfill-from");
        to.setId("backfill-to");
        from.setValue(yesterday.minusDays(6));
        to.setValue(yesterday);
        from.setMax(yesterday);
        to.setMax(yesterday);
        plan.setId("backfill-plan");
        plan.addClassNames(LumoUtility.FontSize.SMALL);
        Button preview = new Button("Preview runs", e -> {
            error.setText("");
            plan.setText("");
            start.setEnabled(false);
            try {
                List<Instant> fires = runner.backfillPreview(schedule.id(), from.getValue(), to.getValue());
                plan.setText(fires.isEmpty() ? "The schedule does not fire in this range." : fires.size() + " runs, one after another, from "
                        + Formats.weekdayDateTime(fires.getFirst(), zone) + " to " + Formats.weekdayDateTime(fires.getLast(), zone)
                        + " (" + zone + "), each with its own run_date.");
                start.setEnabled(!fires.isEmpty());
            } catch (InvalidRequestException | NotFoundException | ForbiddenException ex) {
                error.setText(ex.getMessage());
            }
        });
        preview.setId("backfill-preview");
        from.addValueChangeListener(e -> start.setEnabled(false));
        to.addValueChangeListener(e -> start.setEnabled(false));
        start.setId("backfill-start");
        start.setEnabled(false);
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClickListener(e -> {
            try {
                int runs = runner.backfill(schedule.id(), from.getValue(), to.getValue()).size();
                Notices.success("Backfilling " + schedule.name() + ": " + runs + " runs");
                started.run();
                close();
            } catch (InvalidRequestException | NotFoundException | ForbiddenException ex) {
                error.setText(ex.getMessage());
            }
        });
        Paragraph intro = new Paragraph("Dates in " + zone + ", both included; only days that have ended.");
        intro.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        add(intro, new HorizontalLayout(from, to), preview, plan, error);
        Button cancel = new Button("Cancel", e -> close());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        getFooter().add(cancel, start);
    }
}
