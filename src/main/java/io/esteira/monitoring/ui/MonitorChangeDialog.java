package io.esteira.monitoring.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.monitoring.MonitorChangeService;
import io.esteira.monitoring.MonitorProposal;
import io.esteira.monitoring.MonitorSettings;
import io.esteira.monitoring.MonitorView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Notices;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Proposes new settings for a release's monitor: they take effect once the change request they
 * become is approved. Shows the pending proposal instead when there is one.
 */
class MonitorChangeDialog extends Dialog {

    MonitorChangeDialog(MonitorChangeService monitors, UUID releaseId) {
        MonitorView monitor = monitors.monitor(releaseId);
        MonitorSettings now = monitor.inForce();
        setHeaderTitle("Monitor of " + monitor.deployment());
        setId("monitor-change-dialog");
        setWidth("min(38rem, 96vw)");
        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        body.setWidthFull();
        Paragraph inForce = new Paragraph("In force: " + now.inWords() + ".");
        inForce.setId("monitor-in-force");
        inForce.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Margin.NONE);
        body.add(inForce);
        Button cancel = new Button("Close", e -> close());
        if (monitor.pending() != null) {
            MonitorView.Change p = monitor.pending();
            Span pending = new Span("A change proposed by " + p.proposedBy() + " on " + Formats.dateTime(p.proposedAt()) + " awaits its decision: "
                    + p.proposed().inWords() + ". ");
            pending.setId("monitor-pending");
            body.add(new Paragraph(pending, new Anchor("/changes/" + p.changeId(), "Open its change request")));
            getFooter().add(cancel);
            add(body);
            return;
        }
        NumberField warning = number("Warning PSI", now.warningPsi(), "monitor-warning-psi");
        NumberField breach = number("Breach PSI", now.breachPsi(), "monitor-breach-psi");
        IntegerField minimumRows = integer("Minimum rows", now.minimumRows().intValue(), "monitor-minimum-rows");
        minimumRows.setHelperText("Per window and per segment");
        IntegerField consecutive = integer("Hours in breach before alerting", now.consecutive(), "monitor-consecutive");
        IntegerField cooldown = integer("Cooldown (minutes)", now.cooldownMinutes(), "monitor-cooldown");
        MultiSelectComboBox<String> segments = new MultiSelectComboBox<>("Segment features");
        segments.setId("monitor-segments");
        segments.setItems(monitor.segmentableFeatures());
        segments.setValue(now.segmentFeatures());
        segments.setHelperText("Up to two categorical inputs; drift is also judged per value (20 most frequent, the rest as other)");
        NumberField minimumAuc = number("Minimum daily AUC", now.minimumAuc() == null ? 0 : now.minimumAuc(), "monitor-minimum-auc");
        minimumAuc.setHelperText("0: performance not judged");
        minimumAuc.setMax(0.99);
        NumberField coverage = number("Labels mature at coverage", now.maturityCoverage() == null ? 0.8 : now.maturityCoverage(),
                "monitor-maturity-coverage");
        coverage.setMax(1);
        coverage.setHelperText("Share of a window's rows labelled");
        IntegerField delay = integer("…or after (hours)", now.maturityDelayHours() == null ? 168 : now.maturityDelayHours(),
                "monitor-maturity-delay");
        TextArea why = new TextArea("Why");
        why.setId("monitor-justification");
        why.setRequired(true);
        why.setMinLength(20);
        why.setHelperText("For the reviewers: at least 20 characters");
        FormLayout form = new FormLayout(warning, breach, minimumRows, consecutive, cooldown, minimumAuc, coverage, delay, segments, why);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("26rem", 2));
        form.setColspan(segments, 2);
        form.setColspan(why, 2);
        Paragraph note = new Paragraph("The change takes effect once its change request is approved by the reviewers the change policy asks for.");
        note.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
        body.add(form, note);
        Map<String, HasValidation> fields = Map.ofEntries(Map.entry("warningPsi", warning), Map.entry("breachPsi", breach),
                Map.entry("minimumRows", minimumRows), Map.entry("consecutive", consecutive), Map.entry("cooldownMinutes", cooldown),
                Map.entry("segmentFeatures", segments), Map.entry("minimumAuc", minimumAuc), Map.entry("maturityCoverage", coverage),
                Map.entry("maturityDelayHours", delay), Map.entry("justification", why), Map.entry("settings", why));
        Button propose = new Button("Propose", e -> {
            fields.values().forEach(f -> f.setInvalid(false));
            try {
                MonitorView after = monitors.propose(releaseId, new MonitorProposal(new MonitorSettings(warning.getValue(), breach.getValue(),
                        minimumRows.getValue() == null ? null : minimumRows.getValue().longValue(), consecutive.getValue(), cooldown.getValue(),
                        List.copyOf(segments.getValue()), minimumAuc.getValue(), coverage.getValue(), delay.getValue()), why.getValue(),
                        monitor.version()));
                close();
                boolean approved = after.pending() == null || !"SUBMITTED".equals(after.pending().requestState());
                Notices.success(approved ? "Approved by the standard-change policy: the new settings apply in a moment"
                        : "Proposed: the change request awaits its reviewers");
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, fields);
            } catch (ForbiddenException | NotFoundException ex) {
                Notices.error(ex.getMessage());
            }
        });
        propose.setId("monitor-propose");
        propose.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(cancel, propose);
        add(body);
    }

    private static NumberField number(String label, double value, String id) {
        NumberField field = new NumberField(label);
        field.setId(id);
        field.setValue(value);
        field.setStep(0.01);
        field.setMin(0);
        return field;
    }

    private static IntegerField integer(String label, int value, String id) {
        IntegerField field = new IntegerField(label);
        field.setId(id);
        field.setValue(value);
        field.setMin(0);
        return field;
    }
}
