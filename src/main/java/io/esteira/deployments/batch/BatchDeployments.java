package io.esteira.deployments.batch;

import io.esteira.areas.AreaAccess;
import io.esteira.deployments.BatchSpec;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.Rollout;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.BatchRelease;
import io.esteira.deployments.domain.BatchReleases;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.QuerySources;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.scheduling.BusinessCalendar;
import io.esteira.scheduling.RunView;
import io.esteira.scheduling.SchedulePreviews;
import io.esteira.scheduling.ScheduleQueries;
import io.esteira.scheduling.ScheduleRunner;
import io.esteira.scheduling.ScheduleTiming;
import io.esteira.scheduling.ScheduleView;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Batch deployments: a release scores the rows of its input (a feature group's published version, or
 * a query on a data source) on a schedule, and each run replaces an output table of the area's schema
 * with the rows and their predictions. The schedule is the scheduling capability's (Quartz, run
 * history, retries, misfires, alerts); its runs are the deployment's runs. Members of the area read
 * the runs and run it now; everybody outside the area is told "not found".
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class BatchDeployments {

    private final Deployments deployments;
    private final BatchReleases batches;
    private final BatchSchedules schedules;
    private final SchedulePreviews schedulePreviews;
    private final ScheduleQueries scheduleQueries;
    private final ScheduleRunner scheduleRunner;
    private final FeatureGroupService featureGroups;
    private final QuerySources sources;
    private final AreaAccess access;

    BatchDeployments(Deployments deployments, BatchReleases batches, BatchSchedules schedules, SchedulePreviews schedulePreviews,
            ScheduleQueries scheduleQueries, ScheduleRunner scheduleRunner, FeatureGroupService featureGroups, QuerySources sources,
            AreaAccess access) {
        this.deployments = deployments;
        this.batches = batches;
        this.schedules = schedules;
        this.schedulePreviews = schedulePreviews;
        this.scheduleQueries = scheduleQueries;
        this.scheduleRunner = scheduleRunner;
        this.featureGroups = featureGroups;
        this.sources = sources;
        this.access = access;
    }

    /** A batch spec checked and resolved to what its runs read: a data source and a query. */
    public record Resolved(BatchSpec spec, String featureGroup, Integer featureGroupVersion, UUID sourceId, String sql, BusinessCalendar calendar) {
    }

    /**
     * Checks a batch request before anything is stored (the draft's own rules are checked already);
     * null for another mode.
     *
     * @throws InvalidRequestException naming the field that is wrong ({@code batch.featureGroup}, {@code batch.cron}, ...)
     */
    public Resolved check(DeploymentDraft draft, VersionView version, String name) {
        if (draft.modeOrDefault() != ServingMode.BATCH) {
            return null;
        }
        if (draft.rolloutOrDefault() == Rollout.CANARY) {
            throw new InvalidRequestException("rollout", "A batch deployment is released all at once: each run scores every row with the "
                    + "live release; a canary splits online calls");
        }
        BatchSpec spec = draft.batch();
        if (spec == null) {
            return null; // refused by the request, which names the missing spec
        }
        UUID areaId = version.areaId();
        Resolved resolved = spec.input() == BatchSpec.Input.FEATURE_GROUP ? featureGroup(spec, version, areaId) : query(spec, areaId);
        if (!sources.acceptsAreaTables(resolved.sourceId())) {
            throw new InvalidRequestException("batch.outputTable", "The input's source is a system of record, which the portal never "
                    + "writes; the output table goes to the input's source, so read from a source of truth or a specific source");
        }
        String calendar = spec.calendar() == null || spec.calendar().isBlank() ? BusinessCalendar.NONE.name()
                : spec.calendar().strip().toUpperCase(Locale.ROOT);
        BusinessCalendar days;
        try {
            days = BusinessCalendar.valueOf(calendar);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("batch.calendar", spec.calendar() + " is not a business calendar; the calendars are "
                    + Arrays.toString(BusinessCalendar.values()));
        }
        try {
            new ScheduleTiming(spec.cron(), spec.zone());
        } catch (InvalidRequestException e) {
            throw BatchSchedules.asBatch(e);
        }
        Resolved checked = new Resolved(spec, resolved.featureGroup(), resolved.featureGroupVersion(), resolved.sourceId(), resolved.sql(), days);
        schedules.check(BatchSchedules.draft(areaId, name, release(UUID.randomUUID(), areaId, checked)));
        return checked;
    }

    private Resolved featureGroup(BatchSpec spec, VersionView version, UUID areaId) {
        if (spec.sourceId() != null || (spec.sql() != null && !spec.sql().isBlank())) {
            throw new InvalidRequestException(spec.sourceId() != null ? "batch.sourceId" : "batch.sql", "A feature group's rows are read "
                    + "from its published version's source; leave the data source and the query out, or pick the input QUERY");
        }
        if (spec.featureGroup() == null || spec.featureGroup().isBlank()) {
            throw new InvalidRequestException("batch.featureGroup", "Name the feature group whose rows are scored");
        }
        String name = spec.featureGroup().strip();
        FeatureGroupView group;
        try {
            group = featureGroups.getByName(name);
        } catch (NotFoundException e) {
            group = null;
        }
        if (group == null || !group.areaId().equals(areaId)) {
            throw new InvalidRequestException("batch.featureGroup", "The area has no feature group named " + name);
        }
        FeatureGroupView.VersionView published = group.latestPublished().orElseThrow(() -> new InvalidRequestException("batch.featureGroup",
                "The feature group " + name + " has no published version yet; publish one first"));
        LinkedHashSet<String> columns = new LinkedHashSet<>(published.entityKeys());
        columns.add(published.eventTimeColumn());
        published.features().stream().map(FeatureDraft::name).forEach(columns::add);
        List<String> missing = version.signature().inputs().stream().map(TensorSpec::name).filter(i -> !columns.contains(i)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("batch.featureGroup", version.model() + " v" + version.number() + " takes " + String.join(", ", missing)
                    + ", which " + name + " v" + published.number() + " does not have; its columns are " + String.join(", ", columns));
        }
        List<String> clashing = new ArrayList<>(version.signature().outputs().stream().map(TensorSpec::name).toList());
        clashing.addAll(List.of(BatchScoring.MODEL_VERSION, BatchScoring.SCORED_AT));
        clashing.retainAll(columns);
        if (!clashing.isEmpty()) {
            throw new InvalidRequestException("batch.featureGroup", name + " has the columns " + String.join(", ", clashing)
                    + ", which the scores would overwrite; score it with a query that renames them");
        }
        return new Resolved(spec, name, published.number(), published.sourceId(), select(published.query(), columns), null);
    }

    /** The published version's columns of its source: a table ({@code schema.table}) or a query. */
    private static String select(String query, LinkedHashSet<String> columns) {
        String list = String.join(", ", columns);
        try {
            return "select " + list + " from (" + QuerySources.checkSelect(query) + ") feature_group";
        } catch (InvalidRequestException aTable) {
            return "select " + list + " from " + query;
        }
    }

    private Resolved query(BatchSpec spec, UUID areaId) {
        if (spec.featureGroup() != null && !spec.featureGroup().isBlank()) {
            throw new InvalidRequestException("batch.featureGroup", "A query input names no feature group; pick the input FEATURE_GROUP");
        }
        if (spec.sourceId() == null) {
            throw new InvalidRequestException("batch.sourceId", "Pick the data source the query reads");
        }
        if (spec.sql() == null || spec.sql().isBlank()) {
            throw new InvalidRequestException("batch.sql", "Write the query whose rows are scored");
        }
        try {
            sources.requireUsableBy(spec.sourceId(), areaId);
        } catch (NotFoundException e) {
            throw new InvalidRequestException("batch.sourceId", "There is no data source " + spec.sourceId() + " the area may read");
        }
        try {
            schedulePreviews.checkQuery(spec.sql());
        } catch (InvalidRequestException e) {
            throw BatchSchedules.asBatch(e);
        }
        return new Resolved(spec, null, null, spec.sourceId(), spec.sql().strip(), null);
    }

    private static BatchRelease release(UUID deploymentId, UUID areaId, Resolved r) {
        return new BatchRelease(deploymentId, areaId, r.spec().input().name(), r.featureGroup(), r.featureGroupVersion(), r.sourceId(), r.sql(),
                r.spec().outputTable(), r.spec().cron().strip(), r.spec().zone().strip(), r.calendar().name());
    }

    /** A release was stored: its spec is kept, and the endpoint gets its schedule, paused, if it had none. */
    @Transactional
    public void requested(Deployment release, Resolved resolved) {
        BatchRelease spec = batches.saveAndFlush(release(release.getId(), release.getAreaId(), resolved));
        schedules.requested(release, spec);
    }

    /** A batch release's input, query, output table and schedule, in words, as its change request's evidence has them (empty for others). */
    public List<List<String>> settings(UUID releaseId) {
        return settings(readable(releaseId));
    }

    /** A batch release's settings for its change request's evidence (empty for other releases). */
    public List<List<String>> settings(Deployment d) {
        return batches.findById(d.getId()).map(b -> List.of(
                List.of("Batch input", b.getFeatureGroup() != null ? "feature group " + b.getFeatureGroup() + " v" + b.getFeatureGroupVersion()
                        : "query on data source " + b.getSourceId()),
                List.of("Batch query", b.getSql()),
                List.of("Output table", b.getOutputTable() + " of the area's schema, replaced by each run"),
                List.of("Schedule", new ScheduleTiming(b.getCron(), b.getZone()).inWords()
                        + (b.getCalendar().equals(BusinessCalendar.NONE.name()) ? "" : ", on " + BusinessCalendar.valueOf(b.getCalendar()).label()))))
                .orElse(List.of());
    }

    /** The schedule of a batch release's endpoint (shared by its releases). */
    public Optional<ScheduleView> schedule(UUID releaseId) {
        Deployment d = batch(readable(releaseId));
        return schedules.of(d.getAreaId(), d.getName());
    }

    /** The runs of a batch release's endpoint, newest first: rows read and written, outcome, the log (which names the version that scored). */
    public Page<RunView> runs(UUID releaseId, Pageable pageable) {
        Deployment d = batch(readable(releaseId));
        return schedules.of(d.getAreaId(), d.getName()).map(s -> scheduleQueries.runs(s.id(), pageable)).orElse(Page.empty(pageable));
    }

    /**
     * Runs the endpoint's schedule now, in the background, with its live release.
     *
     * @throws InvalidRequestException when it has no live release
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RunView runNow(UUID releaseId) {
        Deployment d = batch(readable(releaseId));
        access.requireAct(d.getAreaId(), "deployment", releaseId);
        if (deployments.findByNameAndAreaIdInAndState(d.getName(), java.util.Set.of(d.getAreaId()), DeploymentState.LIVE).isEmpty()) {
            throw new InvalidRequestException("state", "The deployment " + d.getName() + " has no live release; it runs once one is approved "
                    + "and live");
        }
        ScheduleView schedule = schedules.of(d.getAreaId(), d.getName())
                .orElseThrow(() -> new IllegalStateException("The batch deployment " + d.getName() + " has no schedule"));
        return scheduleRunner.runNow(schedule.id());
    }

    private Deployment readable(UUID id) {
        Deployment d = deployments.findById(id).orElseThrow(() -> new NotFoundException("deployment", id));
        access.requireRead(d.getAreaId(), "deployment", id);
        return d;
    }

    private static Deployment batch(Deployment d) {
        if (d.getMode() != ServingMode.BATCH) {
            throw new InvalidRequestException("id", d.getName() + " serves " + d.getMode() + "; only batch deployments have a schedule and runs");
        }
        return d;
    }
}
