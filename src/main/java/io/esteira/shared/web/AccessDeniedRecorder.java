package io.esteira.shared.web;

/**
 * Records a refused access in the audit log (implemented by identity, which owns the event).
 * {@code channel} is "ui" or "api"; {@code what} names the view, path or rule.
 */
public interface AccessDeniedRecorder {

    void denied(String channel, String what);
}
