package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

@PermitAll
@ParentLayout(MainLayout.class)
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    /** Said when the page that sent the person here did not say what is missing. */
    static final String NOTHING_HERE = "There is nothing at this address, or it is not yours to see.";

    private final Paragraph what = new Paragraph(NOTHING_HERE);

    public NotFoundView() {
        setId("not-found-view");
        what.setId("not-found-what");
        add(new H2("Page not found"), what, new Anchor("", "Back to home"));
    }

    /**
     * The one way a page says that what it shows is not there (or not the person's to see): it reroutes here with
     * what is missing, e.g. {@code event.rerouteToError(NotFoundException.class, "There is no model x that you can see.")}.
     */
    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        String message = parameter.hasCustomMessage() ? parameter.getCustomMessage() : null;
        what.setText(message == null || message.isBlank() || message.length() > 300 ? NOTHING_HERE : message);
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
