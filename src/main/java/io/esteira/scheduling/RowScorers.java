package io.esteira.scheduling;

import io.esteira.scheduling.domain.Schedule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The modules that score a schedule's rows ({@link RowScorer}), looked up by the type a managed schedule names. */
@Component
class RowScorers {

    private static final Logger log = LoggerFactory.getLogger(RowScorers.class);

    private final ObjectProvider<RowScorer> scorers;

    RowScorers(ObjectProvider<RowScorer> scorers) {
        this.scorers = scorers;
    }

    RowScorer scorer(String type) {
        List<RowScorer> matching = scorers.orderedStream().filter(r -> r.type().equals(type)).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(matching.isEmpty() ? "No module of this portal scores rows of type " + type
                    : "Two modules score rows of type " + type);
        }
        return matching.getFirst();
    }

    /** What the managed schedule runs for, in words (e.g. a batch deployment's name). */
    String managedBy(Schedule s) {
        return scorers.orderedStream().filter(r -> r.type().equals(s.getScorerType())).findFirst()
                .map(r -> r.describe(s.getScorerSubject())).orElse(s.getScorerType() + " " + s.getScorerSubject());
    }

    /** The model a run of the schedule is the cost of (its scorer's, e.g. a batch deployment's live model), or null. */
    RowScorer.Model chargedModel(Schedule schedule) {
        if (schedule.getScorerType() == null) {
            return null;
        }
        try {
            return scorer(schedule.getScorerType()).model(schedule.getScorerSubject()).orElse(null);
        } catch (RuntimeException e) {
            log.warn("The run of {} is charged to no model: {}", schedule.getName(), e.toString());
            return null;
        }
    }
}
