package io.esteira.monitoring;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.ServedPredictions;
import io.esteira.monitoring.statistics.CategoricalProfile;
import io.esteira.monitoring.statistics.NumericProfile;
import io.esteira.shared.StopSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;

/**
 * Profiles of live traffic: every answered call's input features and outputs go into mergeable
 * sketches (KLL for numbers, frequent items for categories) per release, model version, column and
 * hour, off the serving thread. Each node's life writes its own rows ({@code node_life}) every
 * {@code esteira.monitoring.profile-flush} and when it stops; a window is read by merging the rows
 * of its hours and nodes, so a 90-day view never rescans the prediction log.
 *
 * <p>Inputs that a feature group of the version's lineage marks as personal data are not profiled.
 *
 * <p>Under overload the hand-over queue may be full: the call is then not profiled, and counted in
 * {@code esteira.monitoring.profiles.dropped}; the prediction log still has it.
 */
@Component
public class LiveProfiles implements ServedPredictions {

    /** The segment of all traffic. */
    public static final String ALL = "*";

    private static final Logger log = LoggerFactory.getLogger(LiveProfiles.class);

    public enum Role { INPUT, OUTPUT }

    public enum Kind { NUMERIC, CATEGORICAL }

    /** One column's profile of a window: exactly one of {@code numeric} and {@code categorical} is set. */
    public record ColumnProfile(String column, Role role, Kind kind, NumericProfile numeric, CategoricalProfile categorical) {
        public long rows() {
            return kind == Kind.NUMERIC ? numeric.count() + numeric.nulls() : categorical.count() + categorical.nulls();
        }
    }

    private record Key(UUID releaseId, UUID areaId, int version, String column, Role role, Kind kind, String segment, Instant hour) {
    }

    private final JdbcTemplate jdbc;
    private final DeploymentService deployments;
    private final PersonalData personalData;
    private final SegmentPlans segments;
    private final Clock clock;
    private final String nodeLife;
    private final Counter dropped;
    private final BlockingQueue<Served> queue = new ArrayBlockingQueue<>(50_000);
    private final Map<Key, Object> open = new HashMap<>();
    private final Set<Key> touched = new HashSet<>();
    private final Thread worker;
    private final long flushMillis;
    private volatile boolean running = true;
    private final StopSignal stop = new StopSignal();

    LiveProfiles(JdbcTemplate jdbc, DeploymentService deployments, PersonalData personalData, SegmentPlans segments, Clock clock,
            MeterRegistry meters, @Value("${esteira.node-id:local}") String node,
            @Value("${esteira.monitoring.profile-flush:PT30S}") Duration flush) {
        this.jdbc = jdbc;
        this.deployments = deployments;
        this.personalData = personalData;
        this.segments = segments;
        this.clock = clock;
        this.nodeLife = node + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.dropped = meters.counter("esteira.monitoring.profiles.dropped");
        this.flushMillis = flush.toMillis();
        this.worker = Thread.ofPlatform().daemon().name("live-profiles").start(this::work);
    }

    @Override
    public void served(Served call) {
        if (!queue.offer(call)) {
            dropped.increment();
        }
    }

    /** Profiles what is queued and writes every profile changed since the last write; for tests and shutdown. */
    public synchronized void flush() {
        List<Served> calls = new ArrayList<>();
        queue.drainTo(calls);
        calls.forEach(this::profileOrDrop);
        write();
    }

    /**
     * The profiles of a release's traffic in {@code [from, to)} (whole hours), per column, merged
     * over hours and nodes.
     *
     * @throws io.esteira.shared.NotFoundException when the caller may not read the release
     */
    @PreAuthorize("isAuthenticated()")
    public List<ColumnProfile> window(UUID releaseId, Instant from, Instant to) {
        return window(releaseId, from, to, ALL);
    }

    /**
     * The segments profiled in a release's traffic in {@code [from, to)}, e.g. {@code channel=online}, in order
     * (not {@link #ALL}).
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> segments(UUID releaseId, Instant from, Instant to) {
        deployments.get(releaseId); // the area check
        return jdbc.queryForList("select distinct segment from live_profile where deployment_id = ? and segment <> ? and hour_start >= ? "
                + "and hour_start < ? order by segment", String.class, releaseId, ALL, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)),
                Timestamp.from(to));
    }

    /** As {@link #window(UUID, Instant, Instant)}, for one segment ({@link #ALL}: all traffic). */
    @PreAuthorize("isAuthenticated()")
    public List<ColumnProfile> window(UUID releaseId, Instant from, Instant to, String segment) {
        deployments.get(releaseId); // the area check
        Map<String, ColumnProfile> merged = new LinkedHashMap<>();
        jdbc.query("select column_name, column_role, kind, profile from live_profile where deployment_id = ? and segment = ? "
                + "and hour_start >= ? and hour_start < ? order by column_role, column_name", rs -> {
                    String column = rs.getString(1);
                    Role role = Role.valueOf(rs.getString(2));
                    Kind kind = Kind.valueOf(rs.getString(3));
                    byte[] bytes = rs.getBytes(4);
                    merged.merge(role + "/" + kind + "/" + column, kind == Kind.NUMERIC
                            ? new ColumnProfile(column, role, kind, NumericProfile.fromBytes(bytes), null)
                            : new ColumnProfile(column, role, kind, null, CategoricalProfile.fromBytes(bytes)),
                            (a, b) -> kind == Kind.NUMERIC ? new ColumnProfile(column, role, kind, a.numeric().merge(b.numeric()), null)
                                    : new ColumnProfile(column, role, kind, null, a.categorical().merge(b.categorical())));
                }, releaseId, segment, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)), Timestamp.from(to));
        return List.copyOf(merged.values());
    }

    private void work() {
        long lastWrite = System.nanoTime();
        while (running) {
            try {
                boolean idle;
                // calls leave the queue only under the lock, so that flush() never misses one this thread holds
                synchronized (this) {
                    List<Served> calls = new ArrayList<>();
                    queue.drainTo(calls, 10_000);
                    calls.forEach(this::profileOrDrop);
                    idle = calls.isEmpty();
                    if (System.nanoTime() - lastWrite >= flushMillis * 1_000_000L) {
                        // a write that fails is tried again at the next flush, not at once: a database that is away is not hammered
                        lastWrite = System.nanoTime();
                        write();
                    }
                }
                if (idle && !stop.pause(Duration.ofMillis(50))) {
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("Could not write live profiles (will try again): {}", e.getMessage());
            }
        }
    }

    private void profileOrDrop(Served call) {
        try {
            profile(call);
        } catch (RuntimeException e) { // one call's trouble never costs the others their profile
            dropped.increment();
            log.warn("Could not profile a call of release {}: {}", call.releaseId(), e.getMessage());
        }
    }

    private void profile(Served call) {
        Instant hour = call.at().truncatedTo(ChronoUnit.HOURS);
        Set<String> personal = personalData.inputsOf(call.releaseId());
        SegmentPlans.Plan plan = segments.of(call.releaseId());
        List<Map<String, Object>> inputs = call.rows() == null ? List.of() : call.rows();
        List<Map<String, Object>> outputs = call.predictions() == null ? List.of() : call.predictions();
        for (int i = 0; i < Math.max(inputs.size(), outputs.size()); i++) {
            Map<String, Object> input = i < inputs.size() ? inputs.get(i) : null;
            Map<String, Object> output = i < outputs.size() ? outputs.get(i) : null;
            add(call, input, Role.INPUT, hour, ALL, personal);
            add(call, output, Role.OUTPUT, hour, ALL, Set.of());
            // a row counts in the segment of each segment feature (an output row in its input row's segments)
            for (String feature : plan.features()) {
                if (input == null || personal.contains(feature)) {
                    continue;
                }
                String segment = plan.segmentOf(feature, input.get(feature));
                add(call, input, Role.INPUT, hour, segment, personal);
                add(call, output, Role.OUTPUT, hour, segment, Set.of());
            }
        }
    }

    private void add(Served call, Map<String, Object> row, Role role, Instant hour, String segment, Set<String> personal) {
        if (row == null) {
            return;
        }
        for (Map.Entry<String, Object> cell : row.entrySet()) {
            if (personal.contains(cell.getKey())) {
                continue; // a summary of personal data (its frequent values) would carry the data itself
            }
            Object value = cell.getValue();
            Kind kind = value instanceof Number ? Kind.NUMERIC : value instanceof String || value instanceof Boolean ? Kind.CATEGORICAL : null;
            if (kind == null || cell.getKey().length() > 200) {
                continue; // a null, a list or an object is not profiled
            }
            Key key = new Key(call.releaseId(), call.areaId(), call.versionNumber(), cell.getKey(), role, kind, segment, hour);
            if (kind == Kind.NUMERIC) {
                ((NumericProfile) open.computeIfAbsent(key, k -> NumericProfile.empty())).add(((Number) value).doubleValue());
            } else {
                ((CategoricalProfile) open.computeIfAbsent(key, k -> CategoricalProfile.empty())).add(value.toString());
            }
            touched.add(key);
        }
    }

    private void write() {
        Instant now = clock.instant();
        for (Key key : List.copyOf(touched)) {
            Object profile = open.get(key);
            byte[] bytes = profile instanceof NumericProfile n ? n.toBytes() : ((CategoricalProfile) profile).toBytes();
            long rows = profile instanceof NumericProfile n ? n.count() + n.nulls() : ((CategoricalProfile) profile).count()
                    + ((CategoricalProfile) profile).nulls();
            Object[] where = {key.releaseId(), key.version(), key.column(), key.role().name(), key.kind().name(), key.segment(),
                    Timestamp.from(key.hour()), nodeLife};
            int updated = jdbc.update("update live_profile set row_count = ?, profile = ?, updated_at = ? where deployment_id = ? "
                    + "and version_number = ? and column_name = ? and column_role = ? and kind = ? and segment = ? and hour_start = ? "
                    + "and node_life = ?", concat(new Object[] {rows, bytes, Timestamp.from(now)}, where));
            if (updated == 0) {
                jdbc.update("insert into live_profile (row_count, profile, updated_at, deployment_id, version_number, column_name, "
                        + "column_role, kind, segment, hour_start, node_life, area_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        concat(new Object[] {rows, bytes, Timestamp.from(now)}, concat(where, new Object[] {key.areaId()})));
            }
            touched.remove(key);
        }
        // an hour that ended more than an hour ago gets no more calls from this node: its profile is written, let it go
        Instant keepFrom = now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        open.keySet().removeIf(k -> k.hour().isBefore(keepFrom) && !touched.contains(k));
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @PreDestroy
    void stop() {
        running = false;
        stop.stop();
        try {
            worker.join(2000);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not write the last live profiles: {}", e.getMessage());
        }
    }
}
