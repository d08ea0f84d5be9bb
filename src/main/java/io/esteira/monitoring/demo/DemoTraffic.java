package io.esteira.monitoring.demo;

import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Prediction;
import io.esteira.features.DemoWarehouse;
import io.esteira.identity.DemoPersonas;
import io.esteira.monitoring.DriftResults;
import io.esteira.monitoring.Granularity;
import io.esteira.monitoring.LabelSources;
import io.esteira.monitoring.LiveProfiles;
import io.esteira.monitoring.OperationalMetrics;
import io.esteira.monitoring.PerformanceResults;
import io.esteira.monitoring.TrainingBaselines;
import io.esteira.shared.StopSignal;
import io.esteira.shared.security.SystemActor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Weeks of history for the demo's live release, made by the real serving path: the warehouse's card
 * transactions are sent through {@link DeploymentService#replay} hour by hour (more calls by day than
 * by night), so the prediction log, live profiles, operational metrics, drift and alerts are what the
 * portal computes from them. In the last days the merchant mix shifts towards the categories where
 * fraud is common. Whether each transaction was fraud is confirmed three days after it was scored:
 * the outcomes go to the warehouse's {@code bank.fraud_outcomes} table with that date, where the
 * fraud team's confirmations would be, and the release's label query (named by its data scientist)
 * imports the confirmed ones every hour, so realised performance follows three days behind the
 * estimate.
 */
@Component
@ConditionalOnProperty(name = {"esteira.demo.enabled", "esteira.demo.replay.enabled"}, havingValue = "true")
class DemoTraffic {

    static final String OUTCOMES = "bank.fraud_outcomes";
    /** The label query: the outcomes confirmed so far. */
    static String labelQuery(String endpoint) {
        return "select request_id, row_index, is_fraud, confirmed_at from " + OUTCOMES + " where endpoint = '" + endpoint
                + "' and confirmed_at > current_timestamp - interval '2' day and confirmed_at <= current_timestamp";
    }
    private static final String DATA_SCIENTIST = "ds.fraud";
    /** The categories whose share grows in the last days: the ones with the most fraud, and online services. */
    static final Set<String> GROWING = Set.of("gambling", "electronics", "online services");
    private static final int ROWS_PER_CALL = 30;
    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

    private final DeploymentService deployments;
    private final LiveProfiles profiles;
    private final OperationalMetrics operational;
    private final DriftResults drift;
    private final TrainingBaselines baselines;
    private final LabelSources labelSources;
    private final PerformanceResults performance;
    private final io.esteira.monitoring.SegmentOperationalMetrics segmentOperational;
    private final DemoPersonas people;
    private final DemoWarehouse warehouse;
    private final Clock clock;
    private final int days;
    private final int shiftDays;
    private final Duration labelDelay;
    private volatile long lastReplayedId;
    private volatile Thread feed;
    private final StopSignal stop = new StopSignal();

    DemoTraffic(DeploymentService deployments, LiveProfiles profiles, OperationalMetrics operational, DriftResults drift,
            TrainingBaselines baselines, LabelSources labelSources, PerformanceResults performance,
            io.esteira.monitoring.SegmentOperationalMetrics segmentOperational, DemoPersonas people,
            DemoWarehouse warehouse, Clock clock, @Value("${esteira.demo.replay.days:28}") int days,
            @Value("${esteira.demo.replay.shift-days:7}") int shiftDays,
            @Value("${esteira.demo.replay.label-delay:P3D}") Duration labelDelay) {
        this.deployments = deployments;
        this.profiles = profiles;
        this.operational = operational;
        this.drift = drift;
        this.baselines = baselines;
        this.labelSources = labelSources;
        this.performance = performance;
        this.segmentOperational = segmentOperational;
        this.people = people;
        this.warehouse = warehouse;
        this.clock = clock;
        this.days = days;
        this.shiftDays = shiftDays;
        this.labelDelay = labelDelay;
    }

    /** One scored transaction whose outcome is confirmed later. */
    record Outcome(String endpoint, java.util.UUID requestId, int row, boolean fraud, Instant confirmedAt) {
    }

    void replay(DeploymentView release) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days));
        Instant shiftFrom = end.minus(Duration.ofDays(shiftDays));
        long started = System.nanoTime();
        long calls = 0;
        long rows = 0;
        try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                Transactions transactions = new Transactions(c)) {
            createOutcomes(c);
            List<Outcome> outcomes = new ArrayList<>();
            for (Instant hour = start; hour.isBefore(end); hour = hour.plus(1, ChronoUnit.HOURS)) {
                boolean shifted = !hour.isBefore(shiftFrom);
                int callsThisHour = callsPerHour(hour);
                for (int k = 0; k < callsThisHour; k++) {
                    Instant at = hour.plusSeconds(k * 3600L / callsThisHour + (hour.getEpochSecond() / 3600 * 7919 + k * 104729) % 60);
                    List<Transactions.Row> batch = transactions.next(ROWS_PER_CALL, shifted);
                    List<Map<String, Object>> inputs = batch.stream().map(Transactions.Row::inputs).toList();
                    Prediction answered = SystemActor.call(() -> deployments.replay(release.name(), inputs, at));
                    outcomes.addAll(outcomes(answered, batch, at));
                    calls++;
                    rows += batch.size();
                }
                if (hour.atZone(ZoneOffset.UTC).getHour() == 23 || !hour.plus(1, ChronoUnit.HOURS).isBefore(end)) {
                    profiles.flush();
                    writeOutcomes(c, outcomes);
                    outcomes.clear();
                    log.info("Demo history of {}: {} replayed ({} calls, {} transactions so far)", release.name(),
                            hour.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10), calls, rows);
                }
            }
            lastReplayedId = transactions.lastId;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the demo warehouse failed: " + e.getMessage(), e);
        }
        log.info("Demo history of {}: {} calls, {} transactions in {} s; computing its metrics and drift", release.name(), calls, rows,
                (System.nanoTime() - started) / 1_000_000_000);
        SystemActor.run(() -> operational.compute(start, end));
        awaitBaseline(release);
        importLabels(release, start);
        SystemActor.run(() -> {
            for (Instant hour = start; hour.isBefore(end); hour = hour.plus(1, ChronoUnit.HOURS)) {
                boolean wholeDay = hour.atZone(ZoneOffset.UTC).getHour() == 0 && hour.plus(1, ChronoUnit.DAYS).compareTo(end) <= 0;
                for (Granularity g : wholeDay ? List.of(Granularity.HOUR, Granularity.DAY) : List.of(Granularity.HOUR)) {
                    drift.evaluate(release.id(), g, hour);
                    performance.evaluate(release.id(), g, hour);
                }
                segmentOperational.compute(release.id(), hour);
            }
        });
        log.info("Demo history of {} ready after {} s", release.name(), (System.nanoTime() - started) / 1_000_000_000);
    }

    /**
     * From now on the release keeps serving, as a live endpoint does: the hour's calls spread over
     * it, the mix as in the last days, each outcome confirmed later. Until the portal stops.
     */
    synchronized void keepServing(DeploymentView release) {
        if (feed != null && feed.isAlive()) {
            return;
        }
        feed = Thread.ofVirtual().name("demo-traffic").start(() -> {
            try (Connection c = DriverManager.getConnection(warehouse.url(), "sa", "");
                    Transactions transactions = new Transactions(c)) {
                transactions.skipTo(lastReplayedId);
                while (stop.pause(Duration.ofSeconds(3600 / callsPerHour(clock.instant())))) {
                    List<Transactions.Row> batch = transactions.next(ROWS_PER_CALL, shiftDays > 0);
                    Prediction answered = SystemActor.call(() -> deployments.predict(release.name(),
                            batch.stream().map(Transactions.Row::inputs).toList()));
                    writeOutcomes(c, outcomes(answered, batch, clock.instant()));
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("The demo release {} stopped serving: {}", release.name(), e.getMessage());
            }
        });
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        stop.stop();
    }

    private List<Outcome> outcomes(Prediction answered, List<Transactions.Row> batch, Instant at) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            long jitterMinutes = Math.floorMod(batch.get(i).id() * 2654435761L, 12 * 60);
            outcomes.add(new Outcome(answered.deployment(), answered.requestId(), i, batch.get(i).fraud(), at.plus(labelDelay).plusSeconds(jitterMinutes * 60)));
        }
        return outcomes;
    }

    /**
     * The release's data scientist names the label query: first the confirmations so far, a week at
     * a time (a run imports at most {@value LabelSources#MAX_ROWS} rows), then, every hour from now
     * on, those of the last two days (labels already in are left as they are).
     */
    private void importLabels(DeploymentView release, Instant from) {
        java.util.UUID source = warehouse.sourceId().orElseThrow(() -> new IllegalStateException("the demo warehouse is not registered"));
        Instant now = clock.instant();
        people.run(DATA_SCIENTIST, () -> {
            for (Instant week = from; week.isBefore(now); week = week.plus(7, ChronoUnit.DAYS)) {
                Instant until = week.plus(7, ChronoUnit.DAYS).isBefore(now) ? week.plus(7, ChronoUnit.DAYS) : now;
                labelSources.configure(release.name(), release.areaId(), new LabelSources.LabelSourceDraft(source,
                        "select request_id, row_index, is_fraud, confirmed_at from " + OUTCOMES + " where endpoint = '" + release.name()
                                + "' and confirmed_at >= timestamp with "
                                + "time zone '" + literal(week) + "' and confirmed_at < timestamp with time zone '" + literal(until) + "'", 60));
                log.info("Demo labels of {} confirmed from {}: {}", release.name(), week,
                        labelSources.importNow(release.name(), release.areaId()).lastOutcome());
            }
            labelSources.configure(release.name(), release.areaId(), new LabelSources.LabelSourceDraft(source, labelQuery(release.name()), 60));
        });
    }

    private static String literal(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx").format(at.atOffset(ZoneOffset.UTC));
    }

    /** More calls by day than by night; never so few that an hour has less than the monitor's 100 rows. */
    static int callsPerHour(Instant hour) {
        int h = hour.atZone(ZoneOffset.UTC).getHour();
        return h < 7 ? 4 : h < 9 || h >= 21 ? 6 : 9;
    }

    private void awaitBaseline(DeploymentView release) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (SystemActor.call(() -> baselines.of(release.id())).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the release's training baseline was not built");
            }
            DemoRelease.sleep(Duration.ofSeconds(1));
        }
    }

    private static void createOutcomes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists " + OUTCOMES + " (endpoint varchar(100) not null, request_id uuid not null, "
                    + "row_index integer not null, is_fraud boolean not null, confirmed_at timestamp with time zone not null, "
                    + "primary key (request_id, row_index))");
        }
    }

    private static void writeOutcomes(Connection c, List<Outcome> outcomes) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("insert into " + OUTCOMES + " values (?, ?, ?, ?, ?)")) {
            for (Outcome o : outcomes) {
                insert.setString(1, o.endpoint());
                insert.setObject(2, o.requestId());
                insert.setInt(3, o.row());
                insert.setBoolean(4, o.fraud());
                insert.setTimestamp(5, Timestamp.from(o.confirmedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The warehouse's card transactions in id order, round and round; in a shifted hour most of the others are passed over. */
    static final class Transactions implements AutoCloseable {

        record Row(long id, double amount, String category, String channel, boolean fraud) {
            Map<String, Object> inputs() {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("amount", amount);
                row.put("merchant_category", category);
                row.put("channel", channel);
                return row;
            }
        }

        private final Connection connection;
        private PreparedStatement statement;
        private ResultSet rows;
        private long lastId;

        Transactions(Connection connection) {
            this.connection = connection;
        }

        void skipTo(long id) {
            lastId = id;
        }

        List<Row> next(int n, boolean shifted) throws SQLException {
            List<Row> batch = new ArrayList<>(n);
            while (batch.size() < n) {
                Row row = one();
                // in the shifted days two in three of the other categories' transactions are passed over
                if (!shifted || GROWING.contains(row.category()) || Math.floorMod((row.id() * 48271L) >> 4, 3) == 0) {
                    batch.add(row);
                }
            }
            return batch;
        }

        private Row one() throws SQLException {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (rows == null) {
                    close();
                    statement = connection.prepareStatement("select transaction_id, amount, merchant_category, channel, is_fraud "
                            + "from bank.card_transactions where transaction_id > ? order by transaction_id");
                    statement.setLong(1, lastId);
                    statement.setFetchSize(5_000);
                    rows = statement.executeQuery();
                }
                if (rows.next()) {
                    lastId = rows.getLong(1);
                    return new Row(lastId, rows.getDouble(2), rows.getString(3), rows.getString(4), rows.getBoolean(5));
                }
                rows = null;
                lastId = 0; // round again
            }
            throw new IllegalStateException("the warehouse has no card transactions");
        }

        @Override
        public void close() throws SQLException {
            if (statement != null) {
                statement.close();
            }
        }
    }
}
