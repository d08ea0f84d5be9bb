package io.esteira.monitoring;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.MemberSummary;
import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.monitoring.DriftResults.Drift;
import io.esteira.monitoring.MonitoringEvents.AlertHandled;
import io.esteira.monitoring.MonitoringEvents.AlertOpened;
import io.esteira.monitoring.domain.Alert;
import io.esteira.monitoring.domain.Alerts;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.domain.Monitors;
import io.esteira.monitoring.statistics.ClassificationPerformance;
import io.esteira.monitoring.statistics.DriftRule;
import io.esteira.monitoring.statistics.Verdict;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monitors and their alerts. A release gets a monitor when it goes live: its endpoint's last settings, or the
 * defaults for a first release. After a
 * window's drift is evaluated, a dataset drift in breach for the monitor's number of consecutive
 * hourly windows (or a daily window in breach) opens an alert: one per release, check and traffic (all, or
 * a segment of the monitor's segment features), seen again while it lasts, not opened again within the
 * cooldown after it was resolved. A segment's alert waits while all traffic's alert of the check is open:
 * that one already tells the news, and one cause does not ring once per segment. The area's
 * people are told (inbox, e-mail when configured). The area acknowledges, snoozes (until a time,
 * with a reason) or resolves it (with a reason); all audited. Reviewers and managers read them.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class MonitoringAlerts {

    static final String DRIFT = "data drift";
    static final String PERFORMANCE = "performance";
    static final String ESTIMATED_PERFORMANCE = "estimated performance";
    private static final String RETRAIN = "Re-evaluate the model on recent data and retrain it if its performance dropped";

    private final Monitors monitors;
    private final Alerts alerts;
    private final DeploymentService deployments;
    private final AreaAccess access;
    private final AreaService areas;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MonitorInheritance inheritance;

    MonitoringAlerts(Monitors monitors, Alerts alerts, DeploymentService deployments, AreaAccess access, AreaService areas,
            Notifications notifications, ApplicationEventPublisher events, Clock clock,
            MonitorInheritance inheritance) {
        this.inheritance = inheritance;
        this.monitors = monitors;
        this.alerts = alerts;
        this.deployments = deployments;
        this.access = access;
        this.areas = areas;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
    }

    @ApplicationModuleListener
    @PreAuthorize("permitAll()")
    void onLive(DeploymentStateChanged event) {
        if (event.to() == DeploymentState.LIVE || event.to() == DeploymentState.SHADOW) { // a shadow is monitored too
            SystemActor.run(() -> monitorOf(event.deploymentId(), event.areaId()));
        }
    }

    /**
     * The release's monitor, made when it has none: with its endpoint's last monitor's drift settings (or the
     * defaults); the AUC it must keep is the one its model's quality gate asks of a version (an "auc >=" threshold),
     * else 0.7.
     */
    @Transactional
    Monitor monitorOf(UUID releaseId, UUID areaId) {
        return monitors.findById(releaseId).orElseGet(() -> {
            return monitors.saveAndFlush(inheritance.initial(releaseId, areaId, clock.instant()));
        });
    }

    static DriftRule rule(Monitor m) {
        return new DriftRule(m.getWarningPsi(), m.getBreachPsi(), m.getMinimumRows(), m.getAlpha());
    }

    /**
     * Checks a window's drift rows (dataset row '*' and the features) of all traffic or of one segment against the
     * monitor; opens or updates the alert of that traffic.
     */
    @Transactional
    void afterDrift(DeploymentView release, String segment, Granularity granularity, Instant windowStart, List<Drift> recentDataset,
            List<Drift> window) {
        Monitor monitor = monitorOf(release.id(), release.areaId());
        int needed = granularity == Granularity.DAY ? 1 : monitor.getConsecutive();
        List<Drift> lastOnes = recentDataset.stream().filter(d -> !d.windowStart().isAfter(windowStart))
                .sorted((a, b) -> b.windowStart().compareTo(a.windowStart())).limit(needed).toList();
        boolean breach = lastOnes.size() == needed && lastOnes.stream().allMatch(d -> d.verdict() == Verdict.BREACH)
                && contiguous(lastOnes, granularity);
        if (!breach) {
            return;
        }
        List<String> features = window.stream().filter(d -> !d.column().equals(DriftResults.DATASET) && d.verdict() == Verdict.BREACH)
                .map(d -> d.column() + " (PSI " + String.format(java.util.Locale.ROOT, "%.2f", d.psi()) + ")").toList();
        String when = granularity == Granularity.DAY ? "on " + Formats.date(windowStart) + " (UTC)"
                : "in the " + needed + " hours to " + Formats.dateTime(windowStart.plus(Duration.ofHours(1)));
        String message = "Data drift of " + release.name() + " v" + release.modelVersion() + of(segment) + " " + when
                + " against its training data: " + String.join(", ", features);
        raise(release, DRIFT, segment, Alert.Severity.BREACH, windowStart, message,
                "Data drift on " + release.name() + " v" + release.modelVersion() + of(segment), monitor);
    }

    /** How a message names the traffic it is about: nothing for all traffic. */
    private static String of(String segment) {
        return LiveProfiles.ALL.equals(segment) ? "" : " in the segment " + segment;
    }

    /**
     * Checks a day's performance against the monitor: a realised AUC (mature window) whose 95 % interval lies
     * under the monitor's minimum (so that a day with few positives does not alarm on noise), an estimated AUC
     * under it, or a realised MAPE over its maximum, opens (or updates) an alert that
     * recommends retraining. Hours are too small to judge; windows with fewer rows than the monitor's
     * minimum are not judged either.
     */
    @Transactional
    void afterPerformance(DeploymentView release, PerformanceResults.Performance p) {
        if (p.granularity() != Granularity.DAY) {
            return;
        }
        Monitor monitor = monitorOf(release.id(), release.areaId());
        String on = release.name() + " v" + release.modelVersion() + of(p.segment()) + " on " + Formats.date(p.windowStart()) + " (UTC)";
        String in = of(p.segment());
        Double minimumAuc = monitor.getMinimumAuc();
        boolean enough = p.labelledRowsWithScores() >= monitor.getMinimumRows();
        double upper = p.auc() == null || p.positives() == null ? Double.NaN
                : ClassificationPerformance.aucUpperBound95(p.auc(), p.positives(), p.labelledRowsWithScores() - p.positives());
        if (minimumAuc != null && p.auc() != null && p.maturity() == io.esteira.monitoring.statistics.Maturity.State.MATURE && enough
                && upper < minimumAuc) {
            raise(release, PERFORMANCE, p.segment(), Alert.Severity.BREACH, p.windowStart(), String.format(java.util.Locale.ROOT,
                    "Realised AUC of %s is %.3f (95%% interval up to %.3f), under the monitor's minimum %.3f (%d labelled rows with "
                            + "scores, %d positive, coverage %.0f %%)", on, p.auc(), upper, minimumAuc, p.labelledRowsWithScores(),
                    p.positives(), p.coverage() == null ? 0 : p.coverage() * 100),
                    "Performance of " + release.name() + in + " under its minimum", monitor);
        }
        Double maximumMape = monitor.getMaximumMape();
        if (maximumMape != null && p.mape() != null && enough && p.mape() > maximumMape) {
            raise(release, PERFORMANCE, p.segment(), Alert.Severity.BREACH, p.windowStart(), String.format(java.util.Locale.ROOT,
                    "Realised MAPE of %s is %.3f, over the monitor's maximum %.3f (%d labelled rows with predictions)", on, p.mape(),
                    maximumMape, p.labelledRowsWithScores()), "Performance of " + release.name() + in + " over its maximum error", monitor);
        }
        if (minimumAuc != null && p.estimatedAuc() != null && p.estimatedRows() != null && p.estimatedRows() >= monitor.getMinimumRows()
                && p.estimatedAuc() < minimumAuc) {
            raise(release, ESTIMATED_PERFORMANCE, p.segment(), Alert.Severity.WARNING, p.windowStart(), String.format(java.util.Locale.ROOT,
                    "Estimated AUC (CBPE, before labels; assumes calibrated scores) of %s is %.3f, under the monitor's minimum %.3f "
                            + "(%d rows)", on, p.estimatedAuc(), minimumAuc, p.estimatedRows()),
                    "Estimated performance of " + release.name() + in + " under its minimum", monitor);
        }
    }

    /**
     * Opens an alert of a check on some traffic (all, or a segment), or updates the open one; not again within the
     * cooldown after one was resolved.
     */
    private void raise(DeploymentView release, String check, String segment, Alert.Severity severity, Instant window, String message,
            String subject, Monitor monitor) {
        Instant now = clock.instant();
        java.util.Optional<Alert> existing = alerts.findFirstByDeploymentIdAndCheckNameAndSegmentAndStateNot(release.id(), check, segment,
                Alert.State.RESOLVED);
        if (existing.isPresent()) {
            Alert alert = existing.get();
            if (alert.seenAgain(window, cut(message, 2000), now)) {
                tell(alert, subject + ": open again after its snooze");
            }
            alerts.saveAndFlush(alert);
            return;
        }
        if (!LiveProfiles.ALL.equals(segment)
                && alerts.findFirstByDeploymentIdAndCheckNameAndSegmentAndStateNot(release.id(), check, LiveProfiles.ALL, Alert.State.RESOLVED)
                        .isPresent()) {
            return; // all traffic's alert of the check is open and tells the news; a segment's own opens when it is not
        }
        if (alerts.existsByDeploymentIdAndCheckNameAndSegmentAndResolvedAtAfter(release.id(), check, segment,
                now.minus(Duration.ofMinutes(monitor.getCooldownMinutes())))) {
            return; // resolved a moment ago: the cooldown keeps the same news from coming back at once
        }
        Alert alert = alerts.saveAndFlush(new Alert(release.id(), release.areaId(), release.name(), check, segment, severity,
                cut(message, 2000), RETRAIN, window, now));
        tell(alert, subject);
    }

    private void tell(Alert alert, String subject) {
        events.publishEvent(new AlertOpened(alert.getId(), alert.getAreaId(), alert.getDeploymentId(), alert.getDeploymentName(),
                alert.getCheckName(), alert.getSeverity().name(), alert.getMessage(), Trace.capture(clock)));
        Set<UUID> told = new java.util.HashSet<>();
        // the monitor's webhook gets the alert once, with the first person told
        String webhook = monitors.findById(alert.getDeploymentId()).map(Monitor::getWebhookUrl).orElse(null);
        for (MemberSummary member : areas.members(alert.getAreaId())) {
            if (told.add(member.userId())) {
                notifications.send(new NotificationRequest(alert.getAreaId(), member.userId(), "monitoring.alert-opened", subject,
                        alert.getMessage() + "\n\nRecommended: " + alert.getRecommendation(),
                        "/" + io.esteira.shared.ui.MonitoringLinks.deployment(alert.getDeploymentName(), alert.getAreaId(), alert.getDeploymentId()),
                        told.size() == 1 ? webhook : null,
                        Map.of("alert", alert.getId().toString(), "deployment", alert.getDeploymentName(), "check", alert.getCheckName(),
                                "segment", alert.getSegment())));
            }
        }
    }

    /**
     * Posts the release's alerts also to a webhook (null: no longer), e.g. the area's on-call tool; the
     * address is checked as every webhook is (https, no private addresses). The area's data
     * scientists may; audited.
     *
     * @throws InvalidRequestException (field {@code webhookUrl}) for an address that may not receive webhooks
     */
    @Transactional
    public void postAlertsTo(UUID releaseId, String url) {
        DeploymentView release = deployments.get(releaseId);
        access.requireAct(release.areaId(), "deployment", release.name());
        String address = url == null || url.isBlank() ? null : url.strip();
        if (address != null && address.length() > 2000) {
            throw new InvalidRequestException("webhookUrl", "At most 2,000 characters");
        }
        if (address != null) {
            notifications.checkWebhook(address);
        }
        Monitor monitor = monitorOf(release.id(), release.areaId());
        String before = monitor.getWebhookUrl();
        monitor.postAlertsTo(address);
        monitors.saveAndFlush(monitor);
        if (!java.util.Objects.equals(before, address)) {
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("deployment", release.name());
            // the host only: a webhook's path or query often carries its secret
            details.put("webhook", address == null ? "none" : java.net.URI.create(address).getHost());
            events.publishEvent(new MonitoringEvents.MonitorChangeRecorded(release.id(), release.areaId(), release.id(),
                    address == null ? "webhook-removed" : "webhook-set", details, Trace.capture(clock)));
        }
    }

    /** Where the release's alerts are also posted, or null. */
    @Transactional(readOnly = true)
    public String alertWebhook(UUID releaseId) {
        DeploymentView release = deployments.get(releaseId);
        return monitors.findById(release.id()).map(Monitor::getWebhookUrl).orElse(null);
    }

    private static boolean contiguous(List<Drift> newestFirst, Granularity granularity) {
        Duration step = granularity == Granularity.HOUR ? Duration.ofHours(1) : Duration.ofDays(1);
        for (int i = 1; i < newestFirst.size(); i++) {
            if (!newestFirst.get(i - 1).windowStart().minus(step).equals(newestFirst.get(i).windowStart())) {
                return false;
            }
        }
        return true;
    }

    /** The alerts of the caller's areas (reviewers and administrators: all), newest first; {@code open} leaves out resolved ones. */
    @Transactional(readOnly = true)
    public Page<AlertView> page(Pageable pageable, boolean open) {
        Set<UUID> readable = reviewer() ? areas.names().keySet() : access.readableAreaIds();
        Pageable sorted = PageRequest.of(Math.max(0, pageable.getPageNumber()), Math.min(Math.max(1, pageable.getPageSize()), 200),
                Sort.by(Sort.Direction.DESC, "openedAt"));
        if (readable.isEmpty()) {
            return Page.empty(sorted);
        }
        return (open ? alerts.findByAreaIdInAndStateNot(readable, Alert.State.RESOLVED, sorted) : alerts.findByAreaIdIn(readable, sorted))
                .map(MonitoringAlerts::view);
    }

    /** A release's alerts, newest first. */
    @Transactional(readOnly = true)
    public List<AlertView> of(UUID releaseId) {
        deployments.get(releaseId);
        return alerts.findByDeploymentIdOrderByOpenedAtDesc(releaseId).stream().map(MonitoringAlerts::view).toList();
    }

    @Transactional
    public AlertView acknowledge(UUID id) {
        Alert alert = actable(id);
        change(alert, a -> a.acknowledge(CurrentUser.require().username(), clock.instant()));
        return handled(alert, "acknowledged", null);
    }

    @Transactional
    public AlertView snooze(UUID id, Instant until, String reason) {
        Alert alert = actable(id);
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            throw new InvalidRequestException("until", "Snooze until a time in the future");
        }
        if (until.isAfter(now.plus(Duration.ofDays(30)))) {
            throw new InvalidRequestException("until", "Snooze for at most 30 days");
        }
        String why = reason(reason);
        change(alert, a -> a.snooze(until, why));
        return handled(alert, "snoozed", why + " (until " + until + ")");
    }

    @Transactional
    public AlertView resolve(UUID id, String reason) {
        Alert alert = actable(id);
        String why = reason(reason);
        change(alert, a -> a.resolve(CurrentUser.require().username(), why, clock.instant()));
        return handled(alert, "resolved", why);
    }

    private Alert actable(UUID id) {
        Alert alert = alerts.findById(id).orElseThrow(() -> new NotFoundException("alert", id));
        if (reviewer() && !access.canRead(alert.getAreaId())) {
            throw new io.esteira.shared.ForbiddenException("Reviewers read every area's alerts; the area's people act on them");
        }
        access.requireAct(alert.getAreaId(), "alert", id);
        return alert;
    }

    /** Reviewers read every area's alerts (never act on them). */
    private static boolean reviewer() {
        return CurrentUser.get().map(u -> u.has(io.esteira.shared.security.Role.REVIEWER) && u.areaScope() == null).orElse(false);
    }

    private void change(Alert alert, java.util.function.Consumer<Alert> step) {
        try {
            step.accept(alert);
        } catch (IllegalStateException e) {
            throw new InvalidRequestException("state", e.getMessage());
        }
        alerts.saveAndFlush(alert);
    }

    private AlertView handled(Alert alert, String change, String reason) {
        events.publishEvent(new AlertHandled(alert.getId(), alert.getAreaId(), alert.getDeploymentName(), alert.getCheckName(), change, reason,
                Trace.capture(clock)));
        return view(alert);
    }

    private static String reason(String reason) {
        if (reason == null || reason.strip().length() < 5) {
            throw new InvalidRequestException("reason", "Say why, in a few words");
        }
        if (reason.length() > 2000) {
            throw new InvalidRequestException("reason", "At most 2000 characters");
        }
        return reason.strip();
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    static AlertView view(Alert a) {
        return new AlertView(a.getId(), a.getDeploymentId(), a.getAreaId(), a.getDeploymentName(), a.getCheckName(), a.getSegment(),
                a.getSeverity().name(),
                a.getState().name(), a.getMessage(), a.getRecommendation(), a.getFirstWindow(), a.getLastWindow(), a.getTimesSeen(),
                a.getOpenedAt(), a.getAcknowledgedBy(), a.getAcknowledgedAt(), a.getSnoozedUntil(), a.getSnoozeReason(), a.getResolvedBy(),
                a.getResolvedAt(), a.getResolution(), a.getRowVersion());
    }
}
