package io.esteira.training;

import io.esteira.changes.EvidenceSection;
import io.esteira.changes.SubjectEvidence;
import io.esteira.changes.SubjectFacts;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.shared.Formats;
import io.esteira.shared.NotFoundException;
import io.esteira.training.domain.ChallengerComparisons;
import io.esteira.training.domain.Recommendation;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The evidence training adds to a change request about a retrained version (a release of it, or the version itself):
 * what triggered the retrain (the alert and the recommendation with its evidence), the run, and the comparison with the
 * champion. For risk tiers 1 and 2 it asks for a model-risk reviewer's re-validation whatever the change's usual type.
 */
@Component
class RetrainingEvidence implements SubjectEvidence {

    private final Retraining retraining;
    private final ChallengerComparisons comparisons;
    private final TrainingRuns runs;
    private final DeploymentService deployments;

    RetrainingEvidence(Retraining retraining, ChallengerComparisons comparisons, TrainingRuns runs, DeploymentService deployments) {
        this.retraining = retraining;
        this.comparisons = comparisons;
        this.runs = runs;
        this.deployments = deployments;
    }

    @Override
    public Contribution evidence(String subjectType, String subjectId, SubjectFacts facts) {
        UUID versionId;
        try {
            if ("deployment".equals(subjectType)) {
                DeploymentView release = deployments.get(UUID.fromString(subjectId));
                versionId = release.modelVersionId();
            } else if ("model-version".equals(subjectType)) {
                versionId = UUID.fromString(subjectId);
            } else {
                return Contribution.NONE;
            }
        } catch (IllegalArgumentException | NotFoundException e) {
            return Contribution.NONE;
        }
        Recommendation r = retraining.producing(versionId).orElse(null);
        if (r == null) {
            return Contribution.NONE;
        }
        RecommendationView view = retraining.view(r);
        List<EvidenceSection> sections = new ArrayList<>();
        sections.add(new EvidenceSection("What triggered the retraining", EvidenceSection.MARKDOWN, trigger(view)));
        List<List<String>> drifted = view.evidence().driftedFeatures().stream().map(f -> List.of(f.feature(), f.verdict().toLowerCase(Locale.ROOT),
                number(f.psi()), when(f.windowStart()), String.valueOf(f.windowRows()))).toList();
        if (!drifted.isEmpty()) {
            sections.add(new EvidenceSection("Drifted features at the alert", EvidenceSection.TABLE,
                    table(List.of("Feature", "Verdict", "PSI", "Window", "Rows"), drifted)));
        }
        List<List<String>> days = view.evidence().performance().stream().map(p -> List.of(when(p.day()).substring(0, when(p.day()).length() - 10),
                String.valueOf(p.predictedRows()), String.valueOf(p.labelledRows()), percent(p.coverage()), p.maturity() == null ? "—"
                        : p.maturity().toLowerCase(Locale.ROOT), number(p.auc()), number(p.estimatedAuc()))).toList();
        if (!days.isEmpty()) {
            sections.add(new EvidenceSection("Performance of the champion before the retraining", EvidenceSection.TABLE,
                    table(List.of("Day", "Predicted", "Labelled", "Coverage", "Maturity", "AUC", "Estimated AUC"), days)));
        }
        TrainingRun run = r.getRunId() == null ? null : runs.findById(r.getRunId()).orElse(null);
        if (run != null) {
            sections.add(new EvidenceSection("The retraining run", EvidenceSection.TABLE, table(List.of("What", "Value"), List.of(
                    List.of("Job", r.getJobName()), List.of("Run", String.valueOf(run.getNumber())),
                    List.of("Started by", (r.isAutomatic() ? "the policy, for " : "") + run.getRequestedByName()),
                    List.of("Training window", when(r.getWindowFrom()) + " to " + when(r.getWindowTo())),
                    List.of("Training set", run.getDataRows() + " rows of " + run.getDataGroups() + ", " + run.getDataHash()),
                    List.of("Code", String.valueOf(run.getCodeHash()))))));
        }
        comparisons.findFirstByRecommendationIdOrderByComputedAtDesc(r.getId()).map(ChallengerComparer::view).ifPresent(c -> {
            if (!c.done()) {
                sections.add(new EvidenceSection("Challenger against champion", EvidenceSection.TEXT, "Not compared: " + c.reason()));
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            row(rows, "AUC", c.champion().auc(), c.challenger().auc());
            row(rows, "KS", c.champion().ks(), c.challenger().ks());
            row(rows, "Brier score", c.champion().brier(), c.challenger().brier());
            row(rows, "Expected calibration error", c.champion().ece(), c.challenger().ece());
            row(rows, "Precision at " + c.threshold(), c.champion().precision(), c.challenger().precision());
            row(rows, "Recall at " + c.threshold(), c.champion().recall(), c.challenger().recall());
            row(rows, "MAE", c.champion().mae(), c.challenger().mae());
            row(rows, "RMSE", c.champion().rmse(), c.challenger().rmse());
            row(rows, "Latency, one row, median (ms)", c.champion().latencyP50Ms(), c.challenger().latencyP50Ms());
            row(rows, "Latency, one row, 95th percentile (ms)", c.champion().latencyP95Ms(), c.challenger().latencyP95Ms());
            sections.add(new EvidenceSection("Challenger v" + c.challenger().version() + " against champion v" + c.champion().version() + " on "
                    + c.rows() + " matured, labelled rows (" + c.positives() + " positive), " + when(c.windowFrom()) + " to " + when(c.windowTo()),
                    EvidenceSection.TABLE, table(List.of("Metric", "Champion v" + c.champion().version(), "Challenger v" + c.challenger().version(),
                            "Change"), rows)));
            sections.add(new EvidenceSection("How the comparison was computed", EvidenceSection.TEXT, c.method()));
        });
        sections.add(new EvidenceSection("Retraining recommendation", EvidenceSection.LINK, "/training/recommendations/" + r.getId()));
        String review = facts.riskTier() <= 2 ? "a retrained version of a risk tier " + facts.riskTier()
                + " model is re-validated by a model-risk reviewer" : null;
        return new Contribution(sections, review);
    }

    private static String trigger(RecommendationView r) {
        return "The **" + r.alertCheck() + "** alert of **" + r.deployment() + "** (champion v" + r.championVersion() + ") opened for the window of "
                + when(r.alertWindow()) + (r.alertsSeen() > 1 ? " (and " + (r.alertsSeen() - 1) + " more alerts while it was under way)" : "")
                + ":\n\n> " + r.alertMessage().replace("\n", " ") + "\n\nThe model's retraining policy recommended retraining with the job **"
                + r.job() + "** on the window " + when(r.windowFrom()) + " to " + when(r.windowTo()) + "; "
                + (r.automatic() ? "the policy started the run at once." : r.decidedBy() + " accepted it.")
                + (r.evidence().labelCoverage() == null ? "" : " Label coverage over " + r.evidence().window() + ": "
                        + percent(r.evidence().labelCoverage()) + ".");
    }

    private static void row(List<List<String>> rows, String metric, Double champion, Double challenger) {
        if (champion == null && challenger == null) {
            return;
        }
        rows.add(List.of(metric, number(champion), number(challenger),
                champion == null || challenger == null ? "" : String.format(Locale.ROOT, "%+.4f", challenger - champion)));
    }

    static String when(java.time.Instant at) {
        return Formats.dateTime(at);
    }

    private static String number(Double d) {
        return Formats.decimal(d, 4);
    }

    private static String percent(Double d) {
        return Formats.percent(d);
    }

    private static String table(List<String> columns, List<List<String>> rows) {
        return TrainingService.JSON.writeValueAsString(Map.of("columns", columns, "rows", rows));
    }
}
