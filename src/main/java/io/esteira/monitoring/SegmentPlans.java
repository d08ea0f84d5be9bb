package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.monitoring.domain.Monitor;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.shared.security.SystemActor;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How live traffic of a release is segmented: the monitor's segment features, and which of their
 * values are segments of their own. So that the number of segments cannot explode, a feature has at
 * most {@value #MAX_VALUES} value segments: the most frequent values of the version's training baseline;
 * every other value (a rare one, one never seen in training) is profiled under {@value #OTHER}.
 * Until the baseline exists, the first {@value #MAX_VALUES} values this node sees are admitted instead.
 * A plan is read again at most every minute (at once on this node when an approved change applies).
 */
@Component
class SegmentPlans {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SegmentPlans.class);

    static final int MAX_VALUES = 20;
    static final String OTHER = "(other)";
    static final String MISSING = "(missing)";
    private static final Duration FRESH = Duration.ofMinutes(1);
    private static final int MAX_VALUE_LENGTH = 150;

    /** A release's segmentation: none when {@code features} is empty. */
    record Plan(List<String> features, Map<String, Set<String>> baselineValues, Map<String, Set<String>> admitted, long readAtNanos) {

        /** The segment a row falls in for one feature, e.g. {@code channel=online} or {@code channel=(other)}. */
        String segmentOf(String feature, Object value) {
            if (value == null) {
                return feature + "=" + MISSING;
            }
            String text = value.toString();
            Set<String> known = baselineValues.get(feature);
            if (known != null && !known.isEmpty()) {
                return feature + "=" + (known.contains(text) ? cut(text) : OTHER);
            }
            Set<String> seen = admitted.computeIfAbsent(feature, f -> ConcurrentHashMap.newKeySet());
            if (seen.contains(text) || (seen.size() < MAX_VALUES && seen.add(text))) {
                return feature + "=" + cut(text);
            }
            return feature + "=" + OTHER;
        }
    }

    private final JdbcTemplate jdbc;
    private final DeploymentService deployments;
    private final Map<UUID, Plan> plans = new ConcurrentHashMap<>();
    /** Values admitted before a baseline existed, kept across re-reads so that segments stay stable on this node. */
    private final Map<UUID, Map<String, Set<String>>> admitted = new ConcurrentHashMap<>();

    SegmentPlans(JdbcTemplate jdbc, DeploymentService deployments) {
        this.jdbc = jdbc;
        this.deployments = deployments;
    }

    Plan of(UUID releaseId) {
        long now = System.nanoTime();
        Plan plan = plans.get(releaseId);
        if (plan == null || now - plan.readAtNanos() > FRESH.toNanos()) {
            try {
                plan = read(releaseId, now);
            } catch (RuntimeException e) { // segments are never worth losing the profile of all traffic: tried again in a minute
                log.warn("Could not read the segments of release {}: {}", releaseId, e.getMessage());
                plan = new Plan(List.of(), Map.of(), Map.of(), now);
            }
            plans.put(releaseId, plan);
        }
        return plan;
    }

    void forget(UUID releaseId) {
        if (releaseId != null) {
            plans.remove(releaseId);
        }
    }

    private Plan read(UUID releaseId, long now) {
        List<String> features = Monitor.segments(jdbc.query("select segment_features from monitor where deployment_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, releaseId));
        if (features.isEmpty()) {
            return new Plan(List.of(), Map.of(), Map.of(), now);
        }
        UUID versionId = SystemActor.call(() -> deployments.get(releaseId).modelVersionId());
        Map<String, Set<String>> values = new ConcurrentHashMap<>();
        for (String feature : features) {
            jdbc.query("select profile from training_baseline where model_version_id = ? and column_name = ? and kind = 'CATEGORICAL'",
                    rs -> {
                        Set<String> top = new LinkedHashSet<>();
                        CategoricalProfile.fromBytes(rs.getBytes(1)).frequentCategories().keySet().stream().limit(MAX_VALUES).forEach(top::add);
                        values.put(feature, top);
                    }, versionId, feature);
        }
        return new Plan(features, values, admitted.computeIfAbsent(releaseId, r -> new ConcurrentHashMap<>()), now);
    }

    /**
     * The segment a logged row falls in for one feature, given the segments profiled in its window (e.g. when
     * performance is evaluated later): its value's segment when that was profiled, else the feature's
     * {@value #OTHER}.
     */
    static String segmentOf(String feature, Object value, Set<String> profiled) {
        if (value == null) {
            return feature + "=" + MISSING;
        }
        String own = feature + "=" + cut(value.toString());
        return profiled.contains(own) ? own : feature + "=" + OTHER;
    }

    /** The feature of a segment name such as {@code channel=online}. */
    static String featureOf(String segment) {
        return segment.substring(0, Math.max(0, segment.indexOf('=')));
    }

    private static String cut(String value) {
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }
}
