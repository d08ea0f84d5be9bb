package io.esteira.workspaces.web;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.springframework.stereotype.Component;

/** When a portal session ends, the notebook WebSockets it opened are closed: signing out closes the kernels' channels too. */
@Component
class NotebookSessions implements HttpSessionListener {

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        NotebookSocket.sessionEnded(event.getSession().getId());
    }
}
