package io.esteira.training.ui;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.ui.HomeTasks;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import io.esteira.training.TrainingRunView;
import io.esteira.training.TrainingService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * A data scientist's home shows their areas' training under way: retraining recommendations waiting for a decision,
 * runs queued or running, and runs that failed in the last week.
 */
@Component
@Order(30)
class TrainingOnHome implements HomeTasks {

    private static final Duration RECENT = Duration.ofDays(7);
    private static final int RUNS_READ = 20;

    private final TrainingService training;
    private final Retraining retraining;
    private final AreaService areas;
    private final Clock clock;

    TrainingOnHome(TrainingService training, Retraining retraining, AreaService areas, Clock clock) {
        this.training = training;
        this.retraining = retraining;
        this.areas = areas;
        this.clock = clock;
    }

    @Override
    public Optional<Section> forCurrentUser() {
        if (!CurrentUser.require().has(Role.DATA_SCIENTIST)) {
            return Optional.empty();
        }
        List<Task> tasks = new ArrayList<>();
        retraining.recommendations(PageRequest.of(0, RUNS_READ), true).stream().filter(r -> r.state().equals("OPEN"))
                .map(TrainingOnHome::task).forEach(tasks::add);
        List<TrainingRunView> runs = new ArrayList<>();
        for (AreaSummary area : areas.myAreas()) {
            if (area.active()) {
                runs.addAll(training.areaRuns(area.id(), PageRequest.of(0, RUNS_READ)).getContent());
            }
        }
        runs.stream().filter(r -> !TrainingLabels.finished(r.state()) || failedLately(r))
                .sorted(Comparator.comparing(TrainingRunView::queuedAt).reversed()).map(this::task).forEach(tasks::add);
        return Optional.of(new Section("home-training", "Training under way", tasks.stream().limit(SHOWN).toList(), tasks.size(),
                "training", "Open training", "No training under way, and no run failed in the last 7 days."));
    }

    private boolean failedLately(TrainingRunView r) {
        return (r.state().equals("FAILED") || r.state().equals("LOST")) && r.finishedAt() != null
                && r.finishedAt().isAfter(clock.instant().minus(RECENT));
    }

    private static Task task(RecommendationView r) {
        return new Task("Retrain " + r.model() + "?", "Recommended after " + r.alertCheck() + " on " + r.deployment() + " · "
                + Formats.dateTime(r.createdAt()), "training/recommendations/" + r.id(), "decide", "warning");
    }

    private Task task(TrainingRunView r) {
        String when = TrainingLabels.finished(r.state()) ? "ended " + Formats.dateTime(r.finishedAt())
                : r.startedAt() == null ? "queued " + Formats.dateTime(r.queuedAt()) : "running for " + TrainingLabels.duration(r, clock);
        return new Task(r.job() + " · run " + r.number(), when + " · " + TrainingLabels.cost(r), "training/runs/" + r.id(),
                TrainingLabels.words(r.state()), TrainingLabels.finished(r.state()) ? "error" : "");
    }
}
