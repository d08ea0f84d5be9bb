package io.esteira.workspaces.web;

import io.esteira.workspaces.NotebookAccess;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.esteira.shared.security.UserDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
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

    /** A notebook session's key: the SHA-256 of its id, in hex. */
    private static final java.util.regex.Pattern NOTEBOOK_KEY = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofMinutes(1);

    private final ObjectProvider<NotebookAccess> access;
    private final ObjectProvider<UserDirectory> people;
    private volatile boolean sweeping;
    private final Clock clock;

    NotebookSessions(ObjectProvider<NotebookAccess> access, ObjectProvider<UserDirectory> people, Clock clock) {
        this.clock = clock;
        this.access = access;
        this.people = people;
    }

    /**
     * Every minute the notebook sessions with open WebSockets are looked at again: one that expired, or whose person was
     * disabled, has its WebSockets closed (a kernel's channel is code execution in the workspace; it does not outlive the
     * right to it). Only sessions this portal's database holds are judged: another portal in the same JVM (tests) keeps its own.
     */
    void sweep() {
        NotebookAccess notebooks = access.getObject();
        for (String key : NotebookSocket.openSessions()) {
            if (!NOTEBOOK_KEY.matcher(key).matches()) {
                continue; // a portal session's WebSockets end with it
            }
            try {
                if (notebooks.known(key) && notebooks.liveSession(key).flatMap(id -> people.getObject().find(id))
                        .filter(UserDirectory.Person::enabled).isEmpty()) {
                    log.info("Notebook WebSockets of an expired session, or of a person disabled since, closed");
                    NotebookSocket.sessionEnded(key);
                }
            } catch (RuntimeException e) {
                log.debug("Notebook session not looked at again: {}", e.getMessage());
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void startSweeping() {
        sweeping = true;
        Thread.ofVirtual().name("notebook-sessions").start(() -> {
            while (sweeping) {
                try {
                    Thread.sleep(SWEEP_EVERY);
                } catch (InterruptedException e) {
                    return;
                }
                if (sweeping) {
                    sweep();
                }
            }
        });
    }

    @EventListener(ContextClosedEvent.class)
    void stopSweeping() {
        sweeping = false;
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

    private boolean timedOut(HttpSession session) {
        try {
            int max = session.getMaxInactiveInterval();
            return max > 0 && clock.millis() - session.getLastAccessedTime() >= max * 1000L;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }
}
