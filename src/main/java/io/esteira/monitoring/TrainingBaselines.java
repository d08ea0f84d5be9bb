package io.esteira.monitoring;

import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.features.FeatureGroupService;
import io.esteira.models.Lineage;
import io.esteira.models.ModelRegistry;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionView;
import io.esteira.monitoring.LiveProfiles.ColumnProfile;
import io.esteira.monitoring.LiveProfiles.Kind;
import io.esteira.monitoring.LiveProfiles.Role;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.shared.security.SystemActor;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/**
 * The training baseline of a model version, the default reference of drift: a profile of each input
 * feature over the feature-group versions its lineage names (their rows as the source has them, not
 * personal-data features), built once, when a release of the version first goes live.
 */
@Component
public class TrainingBaselines {

    private static final Logger log = LoggerFactory.getLogger(TrainingBaselines.class);

    private final ModelRegistry registry;
    private final FeatureGroupService featureGroups;
    private final DeploymentService deployments;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    TrainingBaselines(ModelRegistry registry, FeatureGroupService featureGroups, DeploymentService deployments, JdbcTemplate jdbc,
            Clock clock) {
        this.registry = registry;
        this.featureGroups = featureGroups;
        this.deployments = deployments;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void onLive(DeploymentStateChanged event) {
        if (event.to() != DeploymentState.LIVE && event.to() != DeploymentState.SHADOW) {
            return;
        }
        SystemActor.run(() -> {
            DeploymentView release = deployments.get(event.deploymentId());
            if (!exists(release.modelVersionId())) {
                build(release.modelVersionId());
            }
        });
    }

    /** Builds (again) the baseline of a version; the rows it had are replaced in one go. */
    void build(UUID versionId) {
        VersionView version = registry.versionById(versionId);
        List<String> inputs = version.signature() == null ? List.of() : version.signature().inputs().stream().map(TensorSpec::name).toList();
        Map<String, Object> profiles = new LinkedHashMap<>();
        List<String> from = new ArrayList<>();
        Lineage lineage = version.lineage();
        for (Lineage.FeatureGroupRef ref : lineage == null ? List.<Lineage.FeatureGroupRef>of() : lineage.featureGroups()) {
            List<String> wanted = inputs.stream().filter(i -> !profiles.containsKey(i)).toList();
            if (wanted.isEmpty()) {
                break;
            }
            try {
                List<String> columns = featureGroups.scanFeatures(ref.name(), ref.version(), wanted, row -> {
                    for (int i = 0; i < row.length; i++) {
                        add(profiles, i, row[i]);
                    }
                });
                // the first value of each column decided its kind; name the profiles by column
                for (int i = 0; i < columns.size(); i++) {
                    Object p = profiles.remove("#" + i);
                    if (p != null) {
                        profiles.put(columns.get(i), p);
                    }
                }
                from.add(ref.name() + " v" + ref.version());
            } catch (RuntimeException e) {
                log.warn("The training baseline of {} v{} could not read {}: {}", version.model(), version.number(), ref, e.getMessage());
            }
        }
        if (profiles.isEmpty()) {
            log.info("{} v{} has no training baseline: its lineage names no feature group with its inputs", version.model(), version.number());
            return;
        }
        String builtFrom = String.join(", ", from);
        jdbc.update("delete from training_baseline where model_version_id = ?", versionId);
        profiles.forEach((column, p) -> jdbc.update("insert into training_baseline (model_version_id, column_name, column_role, kind, row_count, "
                + "profile, built_from, built_at) values (?, ?, ?, ?, ?, ?, ?, ?)", versionId, column, Role.INPUT.name(),
                (p instanceof NumericProfile ? Kind.NUMERIC : Kind.CATEGORICAL).name(), rows(p),
                p instanceof NumericProfile n ? n.toBytes() : ((CategoricalProfile) p).toBytes(),
                builtFrom.length() > 400 ? builtFrom.substring(0, 400) : builtFrom, Timestamp.from(clock.instant())));
        log.info("Training baseline of {} v{} built from {}: {} features", version.model(), version.number(), builtFrom, profiles.size());
    }

    private static void add(Map<String, Object> profiles, int i, Object value) {
        String key = "#" + i;
        Object p = profiles.get(key);
        if (p == null) {
            if (value == null) {
                return; // its kind is decided by the first value
            }
            p = value instanceof Number ? NumericProfile.empty() : CategoricalProfile.empty();
            profiles.put(key, p);
        }
        if (p instanceof NumericProfile n) {
            if (value instanceof Number number) {
                n.add(number.doubleValue());
            } else {
                n.addNull();
            }
        } else {
            ((CategoricalProfile) p).add(value == null ? null : value.toString());
        }
    }

    private static long rows(Object p) {
        return p instanceof NumericProfile n ? n.count() + n.nulls() : ((CategoricalProfile) p).count() + ((CategoricalProfile) p).nulls();
    }

    private boolean exists(UUID versionId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select count(*) > 0 from training_baseline where model_version_id = ?", Boolean.class,
                versionId));
    }

    /**
     * The training baseline of a release's model version, per input feature; empty when it has none.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    public List<ColumnProfile> of(UUID releaseId) {
        DeploymentView release = deployments.get(releaseId);
        List<ColumnProfile> baseline = new ArrayList<>();
        jdbc.query("select column_name, column_role, kind, profile from training_baseline where model_version_id = ? order by column_name",
                rs -> {
                    Kind kind = Kind.valueOf(rs.getString(3));
                    byte[] bytes = rs.getBytes(4);
                    baseline.add(new ColumnProfile(rs.getString(1), Role.valueOf(rs.getString(2)), kind,
                            kind == Kind.NUMERIC ? NumericProfile.fromBytes(bytes) : null,
                            kind == Kind.CATEGORICAL ? CategoricalProfile.fromBytes(bytes) : null));
                }, release.modelVersionId());
        return baseline;
    }
}
