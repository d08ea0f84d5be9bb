package io.esteira.scheduling.ui;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.timepicker.TimePicker;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import org.springframework.modulith.NamedInterface;

/**
 * The "When" step of every wizard that schedules work (schedules, batch deployments): a preset or a
 * Quartz cron expression, the time zone and a business-day calendar, shown in words with the next
 * five times and the days daylight saving moves. Component ids start with the given prefix
 * ({@code <prefix>-preset}, {@code <prefix>-cron}, {@code <prefix>-in-words}, …).
 */
@NamedInterface("schedule-step")
public class ScheduleStep extends Composite<Div> {

    /** How the schedule is given. */
    public enum Preset {
        HOURLY("Every hour"), DAILY("Every day"), WEEKDAYS("Mondays to Fridays"), WEEKLY("Every week"), MONTHLY("Every month"),
        CRON("Quartz cron expression");

        final String label;

        Preset(String label) {
            this.label = label;
        }
    }

    private final Span errors;
    private final FormLayout layout = new FormLayout();
    private final Select<Preset> preset = new Select<>();
    private final TimePicker time = new TimePicker("At");
    private final IntegerField minute = new IntegerField("Minute past the hour");
    private final Select<DayOfWeek> weekday = new Select<>();
    private final IntegerField dayOfMonth = new IntegerField("Day of the month");
    private final Checkbox lastDay = new Checkbox("Last day of the month");
    private final TextField cron = new TextField("Cron expression");
    private final ComboBox<String> zone = new ComboBox<>("Time zone");
    private final Select<BusinessCalendar> calendar = new Select<>();
    private final Div timing = new Div();
    private final String prefix;
    private final Clock clock;

    /**
     * @param prefix the ids' prefix
     * @param errors the line where a wrong schedule is explained (the wizard's line for this step)
     */
    public ScheduleStep(String prefix, Span errors, Clock clock) {
        this.clock = clock;
        this.prefix = prefix;
        this.errors = errors;
        preset.setId(prefix + "-preset");
        preset.setLabel("Runs");
        preset.setItems(Preset.values());
        preset.setItemLabelGenerator(p -> p.label);
        preset.setValue(Preset.DAILY);
        time.setId(prefix + "-time");
        time.setValue(LocalTime.of(6, 0));
        time.setStep(Duration.ofMinutes(15));
        minute.setId(prefix + "-minute");
        minute.setMin(0);
        minute.setMax(59);
        minute.setValue(0);
        weekday.setId(prefix + "-weekday");
        weekday.setLabel("On");
        weekday.setItems(DayOfWeek.values());
        weekday.setItemLabelGenerator(d -> d.getDisplayName(TextStyle.FULL, Locale.UK));
        weekday.setValue(DayOfWeek.MONDAY);
        dayOfMonth.setId(prefix + "-day");
        dayOfMonth.setMin(1);
        dayOfMonth.setMax(31);
        dayOfMonth.setValue(1);
        lastDay.setId(prefix + "-last-day");
        cron.setId(prefix + "-cron");
        cron.setHelperText("Quartz: seconds minutes hours day-of-month month day-of-week, e.g. 0 30 6 ? * MON-FRI");
        cron.setWidthFull();
        cron.setValueChangeMode(ValueChangeMode.LAZY);
        zone.setId(prefix + "-zone");
        zone.setItems(ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/") || z.equals("UTC")).sorted().toList());
        zone.setValue("Europe/Lisbon");
        zone.setAllowCustomValue(false);
        calendar.setId(prefix + "-calendar");
        calendar.setLabel("Only on");
        calendar.setItems(BusinessCalendar.values());
        calendar.setItemLabelGenerator(BusinessCalendar::label);
        calendar.setValue(BusinessCalendar.NONE);
        timing.setId(prefix + "-timing");
        layout.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 3));
        preset.addValueChangeListener(e -> arrange());
        time.addValueChangeListener(e -> showTiming());
        minute.addValueChangeListener(e -> showTiming());
        weekday.addValueChangeListener(e -> showTiming());
        dayOfMonth.addValueChangeListener(e -> showTiming());
        lastDay.addValueChangeListener(e -> showTiming());
        cron.addValueChangeListener(e -> showTiming());
        zone.addValueChangeListener(e -> showTiming());
        calendar.addValueChangeListener(e -> showTiming());
        getContent().add(layout, timing);
        getContent().setWidthFull();
        arrange();
    }

    /** Shows an existing schedule, as its cron expression. */
    public void show(String cronExpression, String zoneName, BusinessCalendar businessDays) {
        preset.setValue(Preset.CRON);
        cron.setValue(cronExpression);
        zone.setValue(zoneName);
        calendar.setValue(businessDays == null ? BusinessCalendar.NONE : businessDays);
        arrange();
    }

    /** The timing as chosen, or null with the reason on its field (a cron's wrong part and column) or on the error line. */
    public ScheduleTiming timing() {
        errors.setText("");
        cron.setInvalid(false);
        zone.setInvalid(false);
        try {
            String z = zone.getValue();
            if (z == null) {
                throw new InvalidRequestException("zone", "Pick a time zone");
            }
            LocalTime at = time.getValue() == null ? LocalTime.MIDNIGHT : time.getValue();
            return switch (preset.getValue()) {
                case HOURLY -> ScheduleTiming.hourly(minute.getValue() == null ? -1 : minute.getValue(), z, clock.instant());
                case DAILY -> ScheduleTiming.dailyAt(at, z);
                case WEEKDAYS -> ScheduleTiming.weekdaysAt(at, z);
                case WEEKLY -> ScheduleTiming.weeklyOn(weekday.getValue(), at, z);
                case MONTHLY -> ScheduleTiming.monthlyOn(lastDay.getValue() ? 0 : dayOfMonth.getValue() == null ? -1 : dayOfMonth.getValue(), at, z);
                case CRON -> new ScheduleTiming(cron.getValue(), z);
            };
        } catch (InvalidRequestException e) {
            String field = e.fieldErrors().keySet().stream().findFirst().orElse("");
            if (field.equals("cron") && preset.getValue() == Preset.CRON) {
                cron.setErrorMessage(e.getMessage());
                cron.setInvalid(true);
            } else if (field.equals("zone")) {
                zone.setErrorMessage(e.getMessage());
                zone.setInvalid(true);
            } else {
                errors.setText(e.getMessage());
            }
            return null;
        }
    }

    /** The cron field, where a wrong expression is explained. */
    TextField cronField() {
        return cron;
    }

    public BusinessCalendar calendar() {
        return calendar.getValue();
    }

    /** The zone picked, also when the timing itself is wrong. */
    public String zone() {
        return zone.getValue();
    }

    /** The schedule in words with its calendar, or null when it is wrong. */
    public String inWords() {
        ScheduleTiming chosen = timing();
        return chosen == null ? null : chosen.inWords() + (calendar.getValue() == BusinessCalendar.NONE ? ""
                : ", only on " + calendar.getValue().label());
    }

    private void arrange() {
        layout.removeAll();
        layout.add(preset);
        switch (preset.getValue()) {
            case HOURLY -> layout.add(minute);
            case DAILY, WEEKDAYS -> layout.add(time);
            case WEEKLY -> layout.add(weekday, time);
            case MONTHLY -> layout.add(dayOfMonth, lastDay, time);
            case CRON -> {
                layout.add(cron);
                layout.setColspan(cron, 2);
            }
        }
        layout.add(zone, calendar);
        layout.setColspan(calendar, 2);
        showTiming();
    }

    /** The schedule in words, its next five times in its zone, and the days daylight saving moves it. */
    private void showTiming() {
        timing.removeAll();
        ScheduleTiming chosen = timing();
        if (chosen == null) {
            return;
        }
        Span words = new Span(inWords());
        words.setId(prefix + "-in-words");
        words.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        UnorderedList fires = new UnorderedList();
        fires.setId(prefix + "-next-fires");
        List<Instant> nextFires = chosen.nextFires(clock.instant(), 5, calendar.getValue());
        ZoneId shownIn = ZoneId.of(zone.getValue());
        nextFires.forEach(t -> fires.add(new ListItem(Formats.weekdayDateTime(t, shownIn))));
        Paragraph intro = new Paragraph(nextFires.isEmpty() ? "It never fires again." : "The next " + nextFires.size() + " runs, in " + shownIn + ":");
        intro.addClassNames(LumoUtility.Margin.Bottom.NONE);
        timing.add(words, intro, fires);
        List<String> notes = chosen.daylightSavingNotes(clock.instant());
        if (!chosen.zone().equals(zone.getValue())) {
            notes = List.of("Hourly schedules are kept in UTC, so that every real hour runs when the clocks change");
        }
        notes.forEach(n -> {
            Span note = new Span(n);
            note.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.WARNING, LumoUtility.Display.BLOCK);
            note.addClassName(prefix + "-dst-note");
            timing.add(note);
        });
    }
}
