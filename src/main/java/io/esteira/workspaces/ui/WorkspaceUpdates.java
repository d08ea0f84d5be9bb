package io.esteira.workspaces.ui;

import io.esteira.workspaces.WorkspaceEvents.WorkspaceExtended;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceLifetimeEnding;
import io.esteira.workspaces.WorkspaceEvents.WorkspaceStateChanged;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells open workspace screens of this node that an area's workspaces changed, once the change is
 * committed, so that they refresh through server push.
 */
@Component
class WorkspaceUpdates {

    /** What changed: the area, the workspace, and for a lifetime warning the owner to tell. */
    record Update(UUID areaId, UUID workspaceId, String ownerUsername, String message) {
    }

    private final List<Consumer<Update>> listeners = new CopyOnWriteArrayList<>();

    Runnable register(Consumer<Update> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceStateChanged e) {
        fire(new Update(e.areaId(), e.workspaceId(), null, null));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceExtended e) {
        fire(new Update(e.areaId(), e.workspaceId(), null, null));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceLifetimeEnding e) {
        fire(new Update(e.areaId(), e.workspaceId(), e.owner(),
                "Workspace " + e.name() + " reaches its maximum lifetime soon and will be stopped. Extend it to keep it running."));
    }

    private void fire(Update update) {
        listeners.forEach(l -> l.accept(update));
    }
}
