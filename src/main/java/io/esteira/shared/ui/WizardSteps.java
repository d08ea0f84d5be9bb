package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Remedy;
import java.util.List;

/** The numbered steps above a wizard: done steps green, the current one highlighted and marked for screen readers. */
public class WizardSteps extends HorizontalLayout {

    private final List<String> steps;

    public WizardSteps(String id, List<String> steps) {
        this.steps = List.copyOf(steps);
        setId(id);
        addClassNames(LumoUtility.FlexWrap.WRAP);
    }

    public int count() {
        return steps.size();
    }

    public void show(int current) {
        removeAll();
        for (int i = 0; i < steps.size(); i++) {
            Span s = new Span((i + 1) + " · " + steps.get(i));
            s.getElement().getThemeList().add(i == current ? "badge primary pill" : i < current ? "badge success pill" : "badge contrast pill");
            if (i == current) {
                s.getElement().setAttribute("aria-current", "step");
            }
            add(s);
        }
    }

    /**
     * Shows an error on its line, with the link to what the person can do about it when the error
     * offers one (e.g. "Request access…" after a refused query).
     */
    public static void showError(Span line, RuntimeException e) {
        line.setText(e.getMessage());
        Remedy.of(e).ifPresent(r -> {
            Anchor link = new Anchor(r.href(), r.label());
            link.setId(line.getId().orElse("error") + "-remedy");
            link.getStyle().set("margin-inline-start", "var(--lumo-space-s)");
            line.add(link);
        });
    }

    /**
     * Shows a refusal on the field it is about (a SQL or cron error with its line and column), or on
     * the line when it names no field of the page or offers a link to what the person can do.
     */
    public static void showError(Span line, RuntimeException e, java.util.Map<String, ? extends com.vaadin.flow.component.HasValidation> fields) {
        line.setText("");
        if (e instanceof io.esteira.shared.InvalidRequestException invalid && invalid.remedy().isEmpty() && invalid.fieldErrors().size() == 1) {
            com.vaadin.flow.component.HasValidation field = fields.get(invalid.fieldErrors().keySet().iterator().next());
            if (field != null) {
                field.setErrorMessage(invalid.getMessage());
                field.setInvalid(true);
                return;
            }
        }
        showError(line, e);
    }

    /** A line for a step's message, announced when it changes. */
    public static Span errorLine(String id) {
        Span span = new Span();
        span.setId(id);
        span.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.FontSize.SMALL, LumoUtility.Display.BLOCK);
        span.getElement().setAttribute("role", "alert");
        return span;
    }
}
