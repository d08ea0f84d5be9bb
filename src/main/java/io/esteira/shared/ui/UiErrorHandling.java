package io.esteira.shared.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.esteira.shared.web.AccessDeniedRecorder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * What people see when an action on a page fails: the rule that refused it, or for an unexpected
 * failure a reference that is also in the log. Without this, such failures would only be logged.
 */
@Component
class UiErrorHandling implements VaadinServiceInitListener, ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(UiErrorHandling.class);

    private final ObjectProvider<AccessDeniedRecorder> deniedRecorder;

    UiErrorHandling(ObjectProvider<AccessDeniedRecorder> deniedRecorder) {
        this.deniedRecorder = deniedRecorder;
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this));
    }

    @Override
    public void error(ErrorEvent event) {
        Throwable cause = rootOf(event.getThrowable());
        String message = switch (cause) {
            case InvalidRequestException e -> e.getMessage();
            case NotFoundException e -> {
                if (e.isDenial()) { // another area's object: told as unknown, recorded as refused
                    String page = UI.getCurrent() == null ? "?" : "/" + UI.getCurrent().getActiveViewLocation().getPath();
                    deniedRecorder.ifAvailable(r -> r.denied("ui", page + " -> " + e.objectType() + " " + e.objectId() + " (answered not found)"));
                }
                yield "That object no longer exists, or it is not yours to see. Reload the page.";
            }
            case ForbiddenException e -> e.getMessage();
            case AccessDeniedException e -> "You are not allowed to do this.";
            case OptimisticLockingFailureException e -> "Someone else changed this meanwhile. Reload and try again.";
            default -> {
                String reference = MDC.get(Trace.MDC_CORRELATION_ID);
                reference = reference == null ? UUID.randomUUID().toString() : reference;
                log.error("Unexpected failure in the portal, correlation id {}", reference, event.getThrowable());
                yield "Something went wrong; nothing was changed by the failed step. Reference: " + reference;
            }
        };
        if (UI.getCurrent() != null) {
            Notices.error(message);
        }
    }

    private static Throwable rootOf(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && current.getCause() != current
                && !(current instanceof InvalidRequestException || current instanceof NotFoundException
                        || current instanceof ForbiddenException || current instanceof AccessDeniedException
                        || current instanceof OptimisticLockingFailureException)) {
            current = current.getCause();
        }
        return current;
    }
}
