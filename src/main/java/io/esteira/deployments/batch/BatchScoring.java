package io.esteira.deployments.batch;

import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.PredictionRecords.Channel;
import io.esteira.deployments.PredictionRecords.Outcome;
import io.esteira.deployments.ServedPredictions;
import io.esteira.deployments.domain.Deployment;
import io.esteira.deployments.domain.Deployments;
import io.esteira.deployments.predictions.PredictionLog;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.deployments.serving.ServedNotifier;
import io.esteira.deployments.serving.TrafficSplit;
import io.esteira.models.TensorSpec;
import io.esteira.scheduling.RowScorer;
import io.esteira.shared.InvalidRequestException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batch deployments score their schedule's rows: each run with the endpoint's live release at the
 * run's start (a later release takes over the next run), or not at all when it has none. Every row
 * gets one column per model output (a value per row as itself; several, e.g. class probabilities, as
 * a JSON array, because the signature names outputs, not classes), the version that scored it and
 * when. Each chunk is one entry of the prediction log.
 */
@Component
class BatchScoring implements RowScorer {

    static final String TYPE = "deployment";
    static final String MODEL_VERSION = "model_version";
    static final String SCORED_AT = "scored_at";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Deployments deployments;
    private final OnlineServing serving;
    private final PredictionLog predictionLog;
    private final ServedNotifier served;
    private final Clock clock;

    BatchScoring(Deployments deployments, OnlineServing serving, PredictionLog predictionLog, ServedNotifier served, Clock clock) {
        this.clock = clock;
        this.served = served;
        this.deployments = deployments;
        this.serving = serving;
        this.predictionLog = predictionLog;
    }

    /** The subject of a batch endpoint's schedule: its area and name (its releases share it). */
    static Subject subject(UUID areaId, String name) {
        return new Subject(TYPE, areaId + "/" + name);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String describe(String subjectId) {
        return "the batch deployment " + subjectId.substring(subjectId.indexOf('/') + 1);
    }

    /** The model of the endpoint's live release (the one that scores a run that starts now), else of its newest release. */
    @Override
    public java.util.Optional<Model> model(String subjectId) {
        UUID areaId = UUID.fromString(subjectId.substring(0, subjectId.indexOf('/')));
        String name = subjectId.substring(subjectId.indexOf('/') + 1);
        List<Deployment> live = deployments.findByNameAndAreaIdInAndState(name, Set.of(areaId), DeploymentState.LIVE);
        java.util.Optional<Deployment> release = live.isEmpty()
                ? deployments.findByAreaIdAndNameOrderByRequestedAtDesc(areaId, name).stream().findFirst()
                : java.util.Optional.of(TrafficSplit.pick(live, 99));
        return release.map(d -> new Model(d.getModelId(), d.getModelName()));
    }

    @Override
    public Scoring open(String subjectId, List<String> inputColumns) {
        UUID areaId = UUID.fromString(subjectId.substring(0, subjectId.indexOf('/')));
        String name = subjectId.substring(subjectId.indexOf('/') + 1);
        List<Deployment> live = deployments.findByNameAndAreaIdInAndState(name, Set.of(areaId), DeploymentState.LIVE);
        if (live.isEmpty()) {
            Deployment newest = deployments.findByAreaIdAndNameOrderByRequestedAtDesc(areaId, name).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("The deployment " + name + " does not exist any more"));
            String why = newest.getState() == DeploymentState.RETIRED ? newest.getRetiredReason() : newest.getFailureReason();
            throw new IllegalStateException("The deployment " + name + " has no live release to score with: its newest, v"
                    + newest.getModelVersionNumber() + ", is " + newest.getState() + (why == null ? "" : " (" + why + ")")
                    + "; nothing was scored");
        }
        Deployment release = TrafficSplit.pick(live, 99); // a batch endpoint has no canary; were there one, the stable release scores
        OnlineServing.Loaded loaded = serving.session(release.getId(), release.getModelVersionId());
        List<String> missing = loaded.signature().inputs().stream().map(TensorSpec::name).filter(i -> !inputColumns.contains(i)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The input has no column " + String.join(", ", missing) + " of the inputs of "
                    + release.getModelName() + " v" + release.getModelVersionNumber() + "; it returns " + String.join(", ", inputColumns));
        }
        return new ReleaseScoring(release, loaded);
    }

    /** The columns a version's scores add: one per output, then the version and the time. */
    static List<Column> columns(List<TensorSpec> outputs) {
        List<Column> columns = new ArrayList<>();
        for (TensorSpec out : outputs) {
            columns.add(new Column(out.name(), oneValuePerRow(out) ? jdbcType(out.type()) : Types.VARCHAR));
        }
        columns.add(new Column(MODEL_VERSION, Types.INTEGER));
        columns.add(new Column(SCORED_AT, Types.TIMESTAMP_WITH_TIMEZONE));
        return columns;
    }

    private static boolean oneValuePerRow(TensorSpec spec) {
        return spec.shape().stream().skip(1).allMatch(d -> d == 1);
    }

    private static int jdbcType(String type) {
        return switch (type) {
            case "float", "double", "float16" -> Types.DOUBLE;
            case "int64" -> Types.BIGINT;
            case "int32", "int16", "int8", "uint8" -> Types.INTEGER;
            case "bool" -> Types.BOOLEAN;
            default -> Types.VARCHAR;
        };
    }

    private final class ReleaseScoring implements Scoring {

        private final Deployment release;
        private final OnlineServing.Loaded loaded;
        private final List<Column> columns;
        private long offset;

        ReleaseScoring(Deployment release, OnlineServing.Loaded loaded) {
            this.release = release;
            this.loaded = loaded;
            this.columns = BatchScoring.columns(loaded.signature().outputs());
        }

        @Override
        public String description() {
            return release.getModelName() + " v" + release.getModelVersionNumber() + ", the live release of " + release.getName()
                    + " (" + release.getId() + ")";
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public List<List<Object>> score(List<Map<String, Object>> rows) {
            long started = System.nanoTime();
            List<Map<String, Object>> inputs = new ArrayList<>(rows.size());
            for (Map<String, Object> row : rows) {
                Map<String, Object> in = new LinkedHashMap<>();
                loaded.signature().inputs().forEach(spec -> in.put(spec.name(), row.get(spec.name())));
                inputs.add(in);
            }
            Outcome outcome = Outcome.ERROR;
            String error = null;
            List<Map<String, Object>> predictions = null;
            try {
                try {
                    OnlineServing.validate(loaded.signature(), inputs);
                } catch (InvalidRequestException e) {
                    outcome = Outcome.INVALID;
                    error = "Rows " + (offset + 1) + " to " + (offset + rows.size()) + " (rows[0] is row " + (offset + 1) + "): " + e.getMessage();
                    throw new IllegalStateException(error, e);
                }
                predictions = OnlineServing.predict(loaded, inputs);
                outcome = Outcome.SUCCESS;
                served.tell(new ServedPredictions.Served(release.getId(), release.getAreaId(), release.getModelVersionNumber(), inputs,
                        predictions, clock.instant()));
            } catch (RuntimeException e) {
                if (error == null) {
                    error = e.getMessage();
                }
                throw e;
            } finally {
                boolean kept = PredictionLog.sampled(release.getLogSamplePercent());
                predictionLog.recordNow(new PredictionLog.Entry(UUID.randomUUID(), release.getId(), release.getAreaId(),
                        release.getModelVersionId(), release.getModelVersionNumber(), Channel.BATCH, rows.size(), kept ? inputs : null,
                        kept ? predictions : null, outcome, error, (System.nanoTime() - started) / 1000, clock.instant()));
                offset += rows.size();
            }
            OffsetDateTime scoredAt = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
            List<List<Object>> values = new ArrayList<>(rows.size());
            for (Map<String, Object> p : predictions) {
                List<Object> row = new ArrayList<>(columns.size());
                List<TensorSpec> outputs = loaded.signature().outputs();
                for (int i = 0; i < outputs.size(); i++) {
                    Object v = p.get(outputs.get(i).name());
                    boolean text = columns.get(i).jdbcType() == Types.VARCHAR;
                    row.add(v == null || !text || v instanceof String ? v : JSON.writeValueAsString(v));
                }
                row.add(release.getModelVersionNumber());
                row.add(scoredAt);
                values.add(row);
            }
            return values;
        }
    }
}
