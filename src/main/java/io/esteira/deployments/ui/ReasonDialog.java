package io.esteira.deployments.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextArea;
import java.util.function.Consumer;

/** Asks before an action on a live release: a plain confirmation, or one with the reason that goes to the audit log. */
final class ReasonDialog {

    static final int MIN_REASON = 10;

    private ReasonDialog() {
    }

    static void confirm(String id, String title, String text, String confirmText, Runnable onConfirm) {
        ConfirmDialog dialog = new ConfirmDialog(title, text, confirmText, e -> onConfirm.run());
        dialog.setId(id);
        dialog.setCancelable(true);
        dialog.open();
    }

    /** The reason is checked here before the dialog closes (and again by the service). */
    static void withReason(String id, String title, String text, String confirmText, Consumer<String> onConfirm) {
        Dialog dialog = new Dialog();
        dialog.setId(id);
        dialog.setHeaderTitle(title);
        dialog.setWidth("min(36rem, 95vw)");
        TextArea reason = new TextArea("Reason");
        reason.setId(id + "-reason");
        reason.setWidthFull();
        reason.setMaxLength(2000);
        reason.setHelperText("Recorded in the audit log: " + MIN_REASON + " characters or more");
        dialog.add(new Paragraph(text), reason);
        Button ok = new Button(confirmText, e -> {
            String given = reason.getValue() == null ? "" : reason.getValue().strip();
            if (given.length() < MIN_REASON) {
                reason.setErrorMessage("Say why, in at least " + MIN_REASON + " characters");
                reason.setInvalid(true);
                return;
            }
            dialog.close();
            onConfirm.accept(given);
        });
        ok.setId(id + "-confirm");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        dialog.getFooter().add(cancel, ok);
        dialog.open();
    }
}
