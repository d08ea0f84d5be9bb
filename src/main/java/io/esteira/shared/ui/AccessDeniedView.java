package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import io.esteira.shared.web.AccessDeniedRecorder;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/** Shown when a signed-in person opens a page their roles do not allow; the refusal is audited. */
@PermitAll
@ParentLayout(MainLayout.class)
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    private final AccessDeniedRecorder recorder;

    public AccessDeniedView(AccessDeniedRecorder recorder) {
        this.recorder = recorder;
        setId("access-denied-view");
        add(new H2("Access denied"),
                new Paragraph("Your roles do not allow this page. If you need it, ask a platform administrator."),
                new Anchor("", "Back to home"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        recorder.denied("ui", "/" + event.getLocation().getPath());
        return HttpServletResponse.SC_FORBIDDEN;
    }
}
