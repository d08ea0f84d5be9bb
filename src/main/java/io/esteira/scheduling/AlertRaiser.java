package io.esteira.scheduling;

import io.esteira.scheduling.SchedulingEvents.ScheduleAlertRaised;
import io.esteira.scheduling.domain.Schedule;
import io.esteira.scheduling.domain.ScheduleAlert;
import io.esteira.scheduling.domain.ScheduleAlerts;
import io.esteira.shared.Trace;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Raises a schedule's alerts: a run that failed for good, a deadline missed. */
@Component
class AlertRaiser {

    private static final Logger log = LoggerFactory.getLogger(AlertRaiser.class);

    private final ScheduleAlerts alerts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    AlertRaiser(ScheduleAlerts alerts, ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.alerts = alerts;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Records an alert once per fire and kind (a second node raising the same one finds it and stays quiet) and publishes it. */
    void raise(Schedule schedule, Instant scheduledFor, ScheduleAlert.Kind kind, UUID runId, String message) {
        try {
            tx.executeWithoutResult(s -> {
                ScheduleAlert alert = alerts.saveAndFlush(new ScheduleAlert(schedule.getId(), schedule.getAreaId(), scheduledFor, kind, runId,
                        message, clock.instant()));
                events.publishEvent(new ScheduleAlertRaised(alert.getId(), schedule.getId(), schedule.getAreaId(), schedule.getName(),
                        kind.name(), scheduledFor, runId, alert.getMessage(), Trace.system(clock)));
            });
        } catch (DataIntegrityViolationException raisedAlready) {
            log.debug("Alert {} of {} at {} raised already", kind, schedule.getName(), scheduledFor);
        }
    }
}
