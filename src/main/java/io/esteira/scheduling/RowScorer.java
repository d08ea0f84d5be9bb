package io.esteira.scheduling;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Scores a scheduled query's rows before they are written, implemented as a Spring bean by the
 * module that owns what scores them (e.g. deployments for {@code "deployment"}: a batch deployment's
 * live model). A schedule names its scorer by {@code (type(), subjectId)}; such a schedule belongs to
 * that subject: it is created, changed, paused and resumed through {@link ManagedSchedules#manage},
 * never through the schedule screens or API, which may only run it now.
 */
public interface RowScorer {

    /** The most rows scored at once. */
    int CHUNK = 1_000;

    /** e.g. {@code "deployment"}: lower-case words with '-', unique among the beans. */
    String type();

    /** The subject in words, for people told why they cannot change its schedule: e.g. "the batch deployment fraud-nightly". */
    String describe(String subjectId);

    /**
     * Prepares one run's scoring, on the thread of the run. What scores is chosen now and kept for
     * the whole run.
     *
     * @param inputColumns the query's columns, lower-case, in order
     * @throws RuntimeException with the reason, which the run log and the failed run keep, when it cannot score these rows now
     */
    Scoring open(String subjectId, List<String> inputColumns);

    /**
     * The model whose cost a run of the subject is, as things stand when the run starts (the cost ledger charges the
     * run to it), e.g. the model of a batch deployment's live release; empty for none.
     */
    default Optional<Model> model(String subjectId) {
        return Optional.empty();
    }

    /** A model, by id and name. */
    record Model(UUID id, String name) {
    }

    /** One run's scoring: the columns it adds after the input's, and their values for each chunk of rows. */
    interface Scoring {

        /** What scores, for the run log: e.g. "card_fraud v3 (release 1f2e…)". */
        String description();

        /** The columns added to every row, in order. */
        List<Column> columns();

        /**
         * Scores at most {@link #CHUNK} rows (each the input's columns by name).
         *
         * @return per row, the values of {@link #columns()} in order
         * @throws RuntimeException with the reason, which fails the run and leaves its target as it was
         */
        List<List<Object>> score(List<Map<String, Object>> rows);
    }

    /** A column added by the scorer, with its {@link java.sql.Types JDBC type}. */
    record Column(String name, int jdbcType) {
    }

    /** The scorer a schedule names. */
    record Subject(String type, String subjectId) {
    }
}
