package io.esteira.training.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.shared.Formats;
import io.esteira.training.TrainingRunView;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;

/** How the training screens write a run's state, source, cost and limits (dates, durations and money: {@link Formats}). */
final class TrainingLabels {

    private TrainingLabels() {
    }

    /** The state as a badge: "queued", "running", "succeeded", … */
    /** Where a job's code is, in words: a sample, a workspace folder or a Git repository at a ref, and the folder inside it. */
    static String source(io.esteira.training.TrainingJobDraft.Source s) {
        String where = switch (s.kind()) {
            case "SAMPLE" -> "sample " + s.ref();
            case "GIT" -> "Git " + s.url() + " at " + s.ref();
            default -> "workspace folder " + s.ref();
        };
        String path = s.path() == null || s.path().isEmpty() ? "" : (s.kind().equals("GIT") ? ", folder " : "/") + s.path();
        return where + path;
    }

    /** A run's code identity: a Git commit (40 hex digits) or the content hash of a copied folder. */
    static String code(String codeHash) {
        if (codeHash == null) {
            return "not fetched yet";
        }
        return codeHash.matches("[0-9a-f]{40}") ? "Git commit " + codeHash : codeHash;
    }

    static Span state(String state) {
        Span badge = new Span(words(state));
        badge.getElement().getThemeList().add("badge pill small " + switch (state) {
            case "SUCCEEDED" -> "success";
            case "FAILED", "LOST" -> "error";
            case "CANCELLED" -> "contrast";
            default -> "";
        });
        badge.addClassName("run-state");
        return badge;
    }

    /** The environment field's help, by where the job runs. */
    static String environmentHelp(String runner) {
        return "kubernetes".equals(runner) ? "What runs the code: the image of a Kubernetes Job, one per run"
                : "What runs the code on the portal's runner";
    }

    static String words(String state) {
        return switch (state) {
            case "QUEUED" -> "queued";
            case "STARTING" -> "starting";
            case "RUNNING" -> "running";
            case "SUCCEEDED" -> "succeeded";
            case "FAILED" -> "failed";
            case "CANCELLED" -> "cancelled";
            case "LOST" -> "lost";
            default -> state.toLowerCase(Locale.ROOT);
        };
    }

    static boolean finished(String state) {
        return !(state.equals("QUEUED") || state.equals("STARTING") || state.equals("RUNNING"));
    }

    /** How long it ran (so far, while it runs): "48 s", "12 min 5 s", "3 h 5 min". */
    static String duration(TrainingRunView r, Clock clock) {
        if (r.startedAt() == null) {
            return "—";
        }
        return Formats.duration(Duration.between(r.startedAt(), r.finishedAt() == null ? clock.instant() : r.finishedAt()));
    }

    /** "1 h", "90 min", "a week" for a maximum run time in minutes. */
    static String minutes(int minutes) {
        if (minutes % 60 == 0) {
            return minutes / 60 + " h";
        }
        return minutes + " min";
    }

    /** What the run has cost so far, and at most. */
    static String cost(TrainingRunView r) {
        if (r.estimatedCost() == null) {
            return "—";
        }
        Currency c = r.estimatedCost().currency();
        String soFar = r.costSoFar() == null ? "—" : Formats.money(r.costSoFar(), c);
        return finished(r.state()) ? soFar : soFar + " so far";
    }

    /** The registered version's page. */
    static String versionLink(String model, java.util.UUID areaId, int version) {
        return "models/" + model + "?area=" + areaId + "&version=" + version;
    }
}
