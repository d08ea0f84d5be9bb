/**
 * Notifications: tells a person something in the portal (their inbox, the header's bell), by e-mail
 * when SMTP is configured, and by webhook, with deliveries retried in the background and their
 * failures audited. Generic: callers (schedules, deployments, monitoring) say what to tell whom.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package io.esteira.notifications;
