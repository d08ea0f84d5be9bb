package io.esteira.audit;

import io.esteira.shared.AuditableEvent;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Listens to every module's auditable events; the publication registry retries what a crash interrupted. */
@Component
class AuditRecorder {

    private final AuditLog log;

    AuditRecorder(AuditLog log) {
        this.log = log;
    }

    @ApplicationModuleListener
    void on(AuditableEvent event) {
        log.append(event);
    }
}
