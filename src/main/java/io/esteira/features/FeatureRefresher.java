package io.esteira.features;

import io.esteira.areas.AreaAccess;
import io.esteira.features.FeatureEvents.FeatureGroupRefreshed;
import io.esteira.features.FeatureEvents.FeatureGroupStatusChanged;
import io.esteira.features.domain.FeatureGroup;
import io.esteira.features.domain.FeatureGroupVersion;
import io.esteira.features.domain.FeatureGroupVersion.Status;
import io.esteira.features.domain.FeatureGroupVersions;
import io.esteira.features.domain.FeatureGroups;
import io.esteira.features.domain.FeatureStats;
import io.esteira.features.domain.RefreshRun;
import io.esteira.features.domain.RefreshRuns;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SystemActor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps published versions fresh: each refresh checks the rules on the source's current rows,
 * records the violations, refreshes the statistics, and rebuilds the online table with the latest
 * values of every entity in one transaction, so lookups see either the old or the new values.
 * A source whose row count and latest event time are unchanged is skipped, except for a full
 * refresh once a day that catches rows changed in place.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class FeatureRefresher {

    private static final Logger log = LoggerFactory.getLogger(FeatureRefresher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A refresh running longer than this is taken to have died with its node. */
    private static final Duration STALE = Duration.ofHours(1);

    private final FeatureGroups groups;
    private final FeatureGroupVersions versions;
    private final RefreshRuns runs;
    private final SourceExplorer explorer;
    private final OnlineTable online;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Duration fullRefreshAfter;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    FeatureRefresher(FeatureGroups groups, FeatureGroupVersions versions, RefreshRuns runs, SourceExplorer explorer, OnlineTable online,
            AreaAccess access, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            @Value("${esteira.features.full-refresh-after:P1D}") Duration fullRefreshAfter, Clock clock) {
        this.clock = clock;
        this.groups = groups;
        this.versions = versions;
        this.runs = runs;
        this.explorer = explorer;
        this.online = online;
        this.access = access;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        this.fullRefreshAfter = fullRefreshAfter;
    }

    /** The scheduled refresh of every published version; one failing source does not stop the others. */
    @PreAuthorize("hasRole('ADMIN')")
    public void refreshAll() {
        Instant stale = clock.instant().minus(STALE);
        tx.executeWithoutResult(s -> runs.findByState(RefreshRun.State.RUNNING).stream().filter(r -> r.getStartedAt().isBefore(stale))
                .forEach(r -> {
                    r.failed("Interrupted: no result after " + STALE.toMinutes() + " minutes", clock.instant());
                    runs.save(r);
                }));
        for (FeatureGroupVersion version : versions.findByStatus(Status.PUBLISHED)) {
            try {
                refresh(version.getId(), "schedule", false);
            } catch (RuntimeException e) {
                log.warn("Refresh of feature group version {} failed: {}", version.getId(), e.getMessage());
            }
        }
    }

    /** Starts a full refresh of the group's published version in the background; for its owning area. */
    public void refreshNow(UUID groupId) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        access.requireAct(group.getAreaId(), "feature group", group.getName());
        FeatureGroupVersion published = versions.findByGroupIdOrderByNumberDesc(groupId).stream()
                .filter(v -> v.getStatus() == Status.PUBLISHED).findFirst()
                .orElseThrow(() -> new InvalidRequestException("status", group.getName() + " has no published version to refresh"));
        if (running.contains(published.getId())) {
            throw new InvalidRequestException("status", "A refresh of " + group.getName() + " is running already");
        }
        String by = CurrentUser.require().actorName();
        UUID id = published.getId();
        Thread.ofPlatform().daemon().name("feature-refresh").start(() -> SystemActor.run(() -> refreshQuietly(id, by)));
    }

    /** A published version is refreshed at once, so that it is online right away. */
    @TransactionalEventListener
    void onPublished(FeatureGroupStatusChanged changed) {
        if (changed.status().equals("PUBLISHED")) {
            versions.findByGroupIdAndNumber(changed.groupId(), changed.number()).ifPresent(v -> {
                UUID id = v.getId();
                Thread.ofPlatform().daemon().name("feature-refresh").start(() -> SystemActor.run(() -> refreshQuietly(id, changed.trace().actor())));
            });
        } else if (changed.status().equals("DEPRECATED")) {
            versions.findByGroupIdAndNumber(changed.groupId(), changed.number()).ifPresent(v -> online.removeAll(v.getId()));
        }
    }

    /** The version's refreshes, newest first; for whoever sees the group. */
    public List<RefreshView> refreshes(UUID groupId, int number) {
        FeatureGroup group = groups.findById(groupId).orElseThrow(() -> new NotFoundException("feature group", groupId));
        FeatureGroupVersion version = versions.findByGroupIdAndNumber(groupId, number)
                .orElseThrow(() -> new NotFoundException("feature group version", groupId + "/" + number));
        if (version.getStatus() == Status.DRAFT && !access.canRead(group.getAreaId())) {
            throw NotFoundException.denied("feature group version", groupId + "/" + number);
        }
        return runs.findByVersionIdOrderByStartedAtDesc(version.getId(), PageRequest.of(0, 50)).stream().map(FeatureRefresher::view).toList();
    }

    private void refreshQuietly(UUID versionId, String by) {
        try {
            refresh(versionId, by, true);
        } catch (RuntimeException e) {
            log.warn("Refresh of feature group version {} failed: {}", versionId, e.getMessage());
        }
    }

    /**
     * Refreshes one published version now, on this thread.
     *
     * @param force refresh even when the source looks unchanged
     */
    void refresh(UUID versionId, String by, boolean force) {
        if (!running.add(versionId)) {
            return;
        }
        try {
            FeatureGroupVersion version = versions.findById(versionId).orElseThrow(() -> new NotFoundException("feature group version", versionId));
            if (version.getStatus() != Status.PUBLISHED) {
                return;
            }
            FeatureGroup group = groups.findById(version.getGroupId()).orElseThrow();
            List<RefreshRun> recent = runs.findByVersionIdOrderByStartedAtDesc(versionId, PageRequest.of(0, 1));
            if (!recent.isEmpty() && recent.getFirst().getState() == RefreshRun.State.RUNNING
                    && recent.getFirst().getStartedAt().isAfter(clock.instant().minus(STALE))) {
                return; // another node is at it
            }
            SourceQuery query = VersionQueries.query(version);
            String fingerprint;
            try {
                fingerprint = explorer.fingerprint(version.getSourceId(), query, version.getEventTimeColumn());
            } catch (RuntimeException e) { // the source is unreachable or changed: recorded like any failed refresh
                failed(group, version, new RefreshRun(versionId, by, clock.instant()), e);
                throw e;
            }
            RefreshRun last = runs.findFirstByVersionIdAndStateOrderByStartedAtDesc(versionId, RefreshRun.State.DONE).orElse(null);
            if (!force && last != null && fingerprint.equals(last.getFingerprint())
                    && last.getFinishedAt().isAfter(clock.instant().minus(fullRefreshAfter))) {
                tx.executeWithoutResult(s -> runs.findById(last.getId()).ifPresent(r -> {
                    r.checked(clock.instant());
                    runs.save(r);
                }));
                return;
            }
            RefreshRun run = tx.execute(s -> runs.saveAndFlush(new RefreshRun(versionId, by, clock.instant())));
            try {
                run(group, version, run, fingerprint);
            } catch (RuntimeException e) {
                failed(group, version, runs.findById(run.getId()).orElse(run), e);
                throw e;
            }
        } finally {
            running.remove(versionId);
        }
    }

    private void failed(FeatureGroup group, FeatureGroupVersion version, RefreshRun run, RuntimeException e) {
        tx.executeWithoutResult(s -> {
            run.failed(e.getMessage(), clock.instant());
            runs.saveAndFlush(run);
            events.publishEvent(new FeatureGroupRefreshed(group.getId(), group.getAreaId(), group.getName(), version.getNumber(), false,
                    0, 0, 0, String.valueOf(e.getMessage()), Trace.system(clock)));
        });
    }

    private void run(FeatureGroup group, FeatureGroupVersion version, RefreshRun run, String fingerprint) {
        SourceQuery query = VersionQueries.query(version);
        List<ColumnStatistics> stats = explorer.statistics(version.getSourceId(), query, VersionQueries.columns(version),
                VersionQueries.rules(version), rows -> { });
        long rows = stats.isEmpty() ? 0 : stats.getFirst().count();
        long violations = stats.stream().mapToLong(ColumnStatistics::violations).sum();
        String detail = stats.stream().filter(s -> s.violations() > 0).map(s -> s.name() + " (" + s.violations() + " rows)")
                .collect(Collectors.joining(", "));
        List<FeatureStats> stored = stats.stream().map(FeatureGroupService::stored).toList();
        long[] entities = new long[1];
        String[] kinds = new String[1];
        tx.executeWithoutResult(s -> {
            try (OnlineTable.Writer writer = online.replace(version.getId())) {
                List<ColumnInfo.Kind> keyKinds = explorer.latestPerEntity(version.getSourceId(), query, version.entityKeyList(),
                        version.getEventTimeColumn(), VersionQueries.features(version),
                        (key, time, values) -> writer.add(key, time, JSON.writeValueAsString(values)));
                writer.close();
                entities[0] = writer.written();
                kinds[0] = keyKinds.stream().map(Enum::name).collect(Collectors.joining(","));
            }
            versions.findById(version.getId()).ifPresent(v -> {
                v.statisticsDone(stored, rows, clock.instant());
                versions.save(v);
            });
            RefreshRun done = runs.findById(run.getId()).orElseThrow();
            done.validated(rows, violations, detail.isEmpty() ? null : detail, fingerprint);
            done.done(entities[0], kinds[0], clock.instant());
            runs.save(done);
            events.publishEvent(new FeatureGroupRefreshed(group.getId(), group.getAreaId(), group.getName(), version.getNumber(), true,
                    rows, entities[0], violations, violations == 0 ? "rules hold" : "rules broken: " + detail, Trace.system(clock)));
        });
    }

    private static RefreshView view(RefreshRun r) {
        return new RefreshView(r.getId(), r.getState().name(), r.getTriggeredBy(), r.getStartedAt(), r.getFinishedAt(), r.getCheckedAt(),
                r.getSourceRows(), r.getEntities(), r.getViolations(), r.getViolationDetail(), r.getError());
    }
}
