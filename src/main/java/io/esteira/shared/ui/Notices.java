package io.esteira.shared.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.esteira.shared.InvalidRequestException;
import java.util.Map;

/** The one way views tell people what happened: notifications, and rule errors next to their fields. */
public final class Notices {

    private Notices() {
    }

    public static void success(String text) {
        Notification n = Notification.show(text, 4000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    public static void error(String text) {
        Notification n = Notification.show(text, 8000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    /** Puts each of the service's field errors next to its field; the rest goes to a notification. */
    public static void fieldErrors(InvalidRequestException e, Map<String, ? extends HasValidation> fields) {
        boolean shown = false;
        for (var error : e.fieldErrors().entrySet()) {
            HasValidation field = fields.get(error.getKey());
            if (field != null) {
                field.setErrorMessage(error.getValue());
                field.setInvalid(true);
                shown = true;
            }
        }
        if (!shown) {
            error(e.getMessage());
        }
    }
}
