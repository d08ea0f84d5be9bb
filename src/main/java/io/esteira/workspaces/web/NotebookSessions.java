package io.esteira.workspaces.web;

import io.esteira.workspaces.NotebookAccess;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * When a portal session ends, the notebook WebSockets it opened are closed: signing out closes the kernels' channels
 * too. Signing out (or an account that was disabled) also ends the notebook sessions handed over from that portal
 * session, on the notebooks' own hosts, and closes their WebSockets; a portal session that merely timed out while its
 * person worked in a notebook leaves them (they have the same idle timeout of their own).
 */
@Component
class NotebookSessions implements HttpSessionListener {

    private static final Logger log = LoggerFactory.getLogger(NotebookSessions.class);

    private final ObjectProvider<NotebookAccess> access;

    NotebookSessions(ObjectProvider<NotebookAccess> access) {
        this.access = access;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        HttpSession session = event.getSession();
        NotebookSocket.sessionEnded(session.getId());
        if (timedOut(session)) {
            return;
        }
        try {
            for (String key : access.getObject().endFromPortalSession(session.getId())) {
                NotebookSocket.sessionEnded(key);
            }
        } catch (RuntimeException e) {
            log.warn("The notebook sessions of an ended portal session could not be ended", e);
        }
    }

    private static boolean timedOut(HttpSession session) {
        try {
            int max = session.getMaxInactiveInterval();
            return max > 0 && System.currentTimeMillis() - session.getLastAccessedTime() >= max * 1000L;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }
}
