package io.esteira.shared.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * A wizard's footer: Cancel, Back, Next (only when the current step is valid) and, on the last
 * step, the finishing action (disabled on click until the wizard enables it again). Ids are
 * {@code <prefix>-cancel}, {@code -back}, {@code -next} and the finishing button's own.
 */
public class WizardFooter extends HorizontalLayout {

    private final Button back = new Button("Back", VaadinIcon.ARROW_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ARROW_RIGHT.create());
    private final Button finish;
    private final int steps;
    private int step;

    /**
     * @param valid   whether a step may be left forwards
     * @param go      moves the wizard to a step
     */
    public WizardFooter(String prefix, int steps, Button finish, IntPredicate valid, IntConsumer go, Runnable cancel, Runnable onFinish) {
        this.steps = steps;
        this.finish = finish;
        Button cancelButton = new Button("Cancel", e -> cancel.run());
        cancelButton.setId(prefix + "-cancel");
        cancelButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        back.setId(prefix + "-back");
        back.addClickListener(e -> go.accept(step - 1));
        next.setId(prefix + "-next");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        next.setIconAfterText(true);
        next.addClickListener(e -> {
            if (valid.test(step)) {
                go.accept(step + 1);
            }
        });
        finish.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        finish.setDisableOnClick(true);
        finish.addClickListener(e -> onFinish.run());
        add(cancelButton, back, next, finish);
        setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        setWidthFull();
    }

    /** Shows the buttons of a step: no Back on the first, the finishing action instead of Next on the last. */
    public void at(int step) {
        this.step = step;
        back.setEnabled(step > 0);
        next.setVisible(step < steps - 1);
        finish.setVisible(step == steps - 1);
    }
}
