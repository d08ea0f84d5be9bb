package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.ParentLayout;
import io.esteira.shared.Trace;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Shown for unexpected failures: says sorry, and gives the correlation id that is also in the log. */
@PermitAll
@ParentLayout(MainLayout.class)
public class ErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    private static final Logger log = LoggerFactory.getLogger(ErrorView.class);
    private final Span reference = new Span();

    public ErrorView() {
        setId("error-view");
        reference.setId("correlation-id");
        add(new H2("Something went wrong"),
                new Paragraph("The portal could not complete this request. Nothing was changed by the failed step."),
                new Paragraph(new Span("If it happens again, tell the platform team this reference: "), reference),
                new Anchor("", "Back to home"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        String correlationId = MDC.get(Trace.MDC_CORRELATION_ID);
        if (correlationId == null) {
            correlationId = UUID.randomUUID().toString();
        }
        log.error("Unexpected failure, correlation id {}", correlationId, parameter.getCaughtException());
        reference.setText(correlationId);
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
}
