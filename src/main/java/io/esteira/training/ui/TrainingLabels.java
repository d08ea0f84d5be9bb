package io.esteira.training.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import io.esteira.training.TrainingRunView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/** How the training screens write a run's state, times, durations and money. */
final class TrainingLabels {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("d MMM, HH:mm:ss", Locale.UK);

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

    /** 7 Dec 2026, 12:40 (in the zone); this year's with seconds and without the year. */
    static String when(Instant at, ZoneId zone, Clock clock) {
        if (at == null) {
            return "—";
        }
        return at.atZone(zone).getYear() == clock.instant().atZone(zone).getYear() ? THIS_YEAR.format(at.atZone(zone)) : WHEN.format(at.atZone(zone));
    }

    /** 8 Dec, 06:00 (in the zone): a time to the minute, e.g. a schedule's next run. */
    static String minute(Instant at, ZoneId zone) {
        return at == null ? "—" : DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.UK).format(at.atZone(zone));
    }

    /** How long it ran (so far, while it runs): "48 s", "12 min 5 s", "3 h 5 min". */
    static String duration(TrainingRunView r, Clock clock) {
        if (r.startedAt() == null) {
            return "—";
        }
        return human(Duration.between(r.startedAt(), r.finishedAt() == null ? clock.instant() : r.finishedAt()));
    }

    static String human(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return d.toMinutes() + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        long minutes = d.toMinutes();
        return d.toHours() + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /** "1 h", "90 min", "a week" for a maximum run time in minutes. */
    static String minutes(int minutes) {
        if (minutes % 60 == 0) {
            return minutes / 60 + " h";
        }
        return minutes + " min";
    }

    /**
     * Money in the currency: cents from a cent up; below a cent to four decimals so a short run does not read as nothing,
     * "under €0.0001" below that, and €0.00 only for exactly nothing.
     */
    static String money(BigDecimal amount, Currency currency) {
        if (amount == null || currency == null) {
            return "—";
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(Locale.UK);
        f.setCurrency(currency);
        if (amount.signum() != 0 && amount.abs().compareTo(new BigDecimal("0.01")) < 0) {
            f.setMinimumFractionDigits(4);
            f.setMaximumFractionDigits(4);
            BigDecimal shown = amount.setScale(4, RoundingMode.HALF_EVEN);
            return shown.signum() == 0 ? "under " + f.format(new BigDecimal("0.0001")) : f.format(shown);
        }
        return f.format(amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN));
    }

    /** What the run has cost so far, and at most. */
    static String cost(TrainingRunView r) {
        if (r.estimatedCost() == null) {
            return "—";
        }
        Currency c = r.estimatedCost().currency();
        String soFar = r.costSoFar() == null ? "—" : money(r.costSoFar(), c);
        return finished(r.state()) ? soFar : soFar + " so far";
    }

    /** The browser's time zone (UTC when the browser did not say). */
    static ZoneId zone(UI ui) {
        try {
            var details = ui.getPage().getExtendedClientDetails();
            String id = details == null ? null : details.getTimeZoneId();
            return id == null || id.isBlank() ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException | IllegalStateException e) {
            return ZoneOffset.UTC;
        }
    }

    /** The registered version's page. */
    static String versionLink(String model, java.util.UUID areaId, int version) {
        return "models/" + model + "?area=" + areaId + "&version=" + version;
    }
}
