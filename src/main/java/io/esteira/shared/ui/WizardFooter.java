package io.esteira.shared.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * A wizard's footer: Cancel, Back, Next (only when the current step is valid) and, on the last
 * step, the finishing action (disabled on click until it has done its work). Ids are
 * {@code <prefix>-cancel}, {@code -back}, {@code -next} and the finishing button's own.
 * <p>
 * Every step it shows opens clean and ready for the keyboard: its fields are not shown invalid
 * (whatever was refused before, or validated ahead of time, was not typed by the person on this
 * visit), and the focus moves to its first field. While background work the wizard waits for runs
 * ({@link #waitsFor}), Back, Next and the finishing action are disabled.
 */
public class WizardFooter extends HorizontalLayout {

    /**
     * Focuses the first usable field inside the step, or the first field of a group (the checked
     * radio button, if any); a grid's cells render a moment later, so it looks again for a short
     * while, unless the person has moved the focus meanwhile.
     */
    private static final String FOCUS_FIRST_FIELD = """
            const root = $0;
            const before = document.activeElement;
            const fields = 'vaadin-text-field,vaadin-text-area,vaadin-integer-field,vaadin-number-field,vaadin-big-decimal-field,'
                + 'vaadin-email-field,vaadin-password-field,vaadin-select,vaadin-combo-box,vaadin-multi-select-combo-box,'
                + 'vaadin-date-picker,vaadin-time-picker,vaadin-date-time-picker,vaadin-radio-group,vaadin-checkbox-group,'
                + 'vaadin-checkbox,vaadin-custom-field,input,textarea,select';
            const usable = el => !el.disabled && !el.readonly && !el.hasAttribute('disabled') && !el.hasAttribute('readonly')
                && (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
            const target = () => {
                const field = [...root.querySelectorAll(fields)].find(usable);
                if (!field) {
                    return null;
                }
                const tag = field.localName;
                if (tag === 'vaadin-radio-group' || tag === 'vaadin-checkbox-group') {
                    const items = [...field.querySelectorAll('vaadin-radio-button,vaadin-checkbox')].filter(usable);
                    return items.find(i => i.checked) || items[0] || null;
                }
                return field;
            };
            let tries = 0;
            const attempt = () => {
                if (!root.isConnected || (document.activeElement !== before && document.activeElement !== document.body)) {
                    return;
                }
                const field = target();
                if (field) {
                    field.focus();
                } else if (++tries < 20) {
                    setTimeout(attempt, 50);
                }
            };
            requestAnimationFrame(attempt);
            """;

    private final Button back = new Button("Back", VaadinIcon.ARROW_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ARROW_RIGHT.create());
    private final Button finish;
    private final Component content;
    private final int steps;
    private final Set<BackgroundWork> waiting = new HashSet<>();
    private int step;

    /**
     * @param content where the wizard shows the current step
     * @param valid   whether a step may be left forwards
     * @param go      moves the wizard to a step
     */
    public WizardFooter(String prefix, int steps, Component content, Button finish, IntPredicate valid, IntConsumer go, Runnable cancel,
            Runnable onFinish) {
        this.steps = steps;
        this.content = content;
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
        finish.addClickListener(e -> {
            try {
                onFinish.run();
            } finally {
                // refused, failed or done: enabled again, unless it goes on in the background
                finish.setEnabled(waiting.isEmpty());
            }
        });
        add(cancelButton, back, next, finish);
        setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        setWidthFull();
    }

    /**
     * Shows the buttons of a step (no Back on the first, the finishing action instead of Next on the
     * last), clears the invalid marks of its fields and moves the focus to its first field. Call it
     * once the step is on the page; mark what the wizard refuses after it.
     */
    public void at(int step) {
        this.step = step;
        showButtons();
        clearInvalid(content);
        content.getElement().executeJs(FOCUS_FIRST_FIELD, content.getElement());
    }

    /** Back, Next and the finishing action wait while the work runs: they are disabled, and enabled again when it ends. */
    public WizardFooter waitsFor(BackgroundWork work) {
        work.onRunning(running -> {
            if (running) {
                waiting.add(work);
            } else {
                waiting.remove(work);
            }
            showButtons();
        });
        return this;
    }

    private void showButtons() {
        boolean idle = waiting.isEmpty();
        back.setEnabled(idle && step > 0);
        next.setEnabled(idle);
        next.setVisible(step < steps - 1);
        finish.setEnabled(idle);
        finish.setVisible(step == steps - 1);
    }

    static void clearInvalid(Component component) {
        if (component instanceof HasValidation field && field.isInvalid()) {
            field.setInvalid(false);
        }
        component.getChildren().forEach(WizardFooter::clearInvalid);
    }
}
