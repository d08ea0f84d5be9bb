package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.shared.Formats;

/** A person on screen: the display name, with the user name on hover (see {@link Formats#person}). */
public final class PersonName {

    private PersonName() {
    }

    public static Span of(String displayName, String username) {
        Span name = new Span(Formats.person(displayName, username));
        if (username != null && !username.isBlank()) {
            name.getElement().setAttribute("title", username);
            name.getElement().setAttribute("data-username", username);
        }
        return name;
    }
}
