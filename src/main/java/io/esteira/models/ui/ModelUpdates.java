package io.esteira.models.ui;

import io.esteira.models.ModelEvents.ModelAliasMoved;
import io.esteira.models.ModelEvents.ModelCreated;
import io.esteira.models.ModelEvents.ModelVersionGated;
import io.esteira.models.ModelEvents.ModelVersionRegistered;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells open model screens of this node that a model changed (a version registered, its gates
 * finished, an alias moved), once the change is committed, so that they refresh through server push.
 */
@Component
class ModelUpdates {

    record Update(UUID areaId, UUID modelId) {
    }

    private final List<Consumer<Update>> listeners = new CopyOnWriteArrayList<>();

    Runnable register(Consumer<Update> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ModelCreated e) {
        fire(new Update(e.areaId(), e.modelId()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ModelVersionRegistered e) {
        fire(new Update(e.areaId(), e.modelId()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ModelVersionGated e) {
        fire(new Update(e.areaId(), e.modelId()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ModelAliasMoved e) {
        fire(new Update(e.areaId(), e.modelId()));
    }

    /**
     * On a thread of its own: a change made in one person's request (an alias moved) must not take
     * other sessions' locks from inside that request.
     */
    private void fire(Update update) {
        if (!listeners.isEmpty()) {
            Thread.ofVirtual().name("model-updates").start(() -> listeners.forEach(l -> l.accept(update)));
        }
    }
}
