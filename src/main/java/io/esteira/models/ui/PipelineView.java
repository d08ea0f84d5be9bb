package io.esteira.models.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.models.pipeline.PipelineStep;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.Actor;
import io.esteira.shared.ui.People;
import java.util.List;

/**
 * A version's way to production as a row of steps (wrapping on narrow screens): each with its
 * state, when and by whom. Steps not reached yet read "not yet".
 */
class PipelineView extends Div {

    private final People people;

    /** {@code who} of a step is a user name, or words (approvers' names, "Esteira"), which show as written. */
    PipelineView(List<PipelineStep> steps, People people) {
        this.people = people;
        people.know(steps.stream().map(s -> Actor.of(s.who()).username()).toList());
        setId("pipeline-view");
        getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)").set("align-items", "stretch");
        for (int i = 0; i < steps.size(); i++) {
            add(step(steps.get(i), i));
            if (i < steps.size() - 1) {
                Icon arrow = VaadinIcon.ANGLE_RIGHT.create();
                arrow.addClassNames(LumoUtility.TextColor.TERTIARY, LumoUtility.IconSize.SMALL);
                arrow.getStyle().set("align-self", "center");
                add(arrow);
            }
        }
    }

    private Div step(PipelineStep step, int index) {
        Div box = new Div();
        box.setId("pipeline-step-" + index);
        box.getElement().setAttribute("data-state", step.state().name());
        box.addClassNames(LumoUtility.Padding.SMALL, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Border.ALL);
        box.getStyle().set("box-sizing", "border-box").set("min-width", "6.5rem").set("flex", "1 1 0");
        Icon icon = switch (step.state()) {
            case DONE -> VaadinIcon.CHECK_CIRCLE.create();
            case RUNNING -> VaadinIcon.HOURGLASS.create();
            case FAILED -> VaadinIcon.CLOSE_CIRCLE.create();
            case NOT_YET -> VaadinIcon.CIRCLE_THIN.create();
        };
        icon.addClassNames(LumoUtility.IconSize.SMALL, switch (step.state()) {
            case DONE -> LumoUtility.TextColor.SUCCESS;
            case RUNNING -> LumoUtility.TextColor.PRIMARY;
            case FAILED -> LumoUtility.TextColor.ERROR;
            case NOT_YET -> LumoUtility.TextColor.TERTIARY;
        });
        Span name = new Span(step.name());
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.FontSize.SMALL);
        Div title = new Div(icon, name);
        title.getStyle().set("display", "flex").set("gap", "var(--lumo-space-xs)").set("align-items", "center");
        box.add(title);
        if (step.state() == PipelineStep.State.NOT_YET) {
            box.add(line("not yet"));
            box.addClassNames(LumoUtility.TextColor.TERTIARY);
        } else {
            if (step.at() != null) {
                box.add(line(Formats.dateTime(step.at())));
            }
            if (step.who() != null) {
                Span who = people.actorSpan(step.who());
                who.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
                who.getStyle().set("overflow-wrap", "anywhere");
                box.add(who);
            }
            if (step.detail() != null) {
                box.add(line(step.detail()));
            }
        }
        return box;
    }

    private static Span line(String text) {
        Span span = new Span(text);
        span.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        span.getStyle().set("overflow-wrap", "anywhere");
        return span;
    }
}
