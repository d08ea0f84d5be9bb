package io.esteira.deployments.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Span;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingFigures;
import java.text.DecimalFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** How deployments read on the screens: state badges, the traffic split, serving figures and times in the user's zone. */
final class DeploymentLabels {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DecimalFormat ONE = new DecimalFormat("#,##0.#");
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.UK);
    private static final DecimalFormat TWO = new DecimalFormat("#,##0.##");
    private static final DecimalFormat COUNT = new DecimalFormat("#,##0");

    private DeploymentLabels() {
    }

    static String words(DeploymentState state) {
        String text = state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static Span state(DeploymentState state) {
        Span badge = new Span(words(state));
        badge.getElement().getThemeList().add("badge small pill " + switch (state) {
            case LIVE -> "success primary";
            case APPROVED, DEPLOYING, SHADOW -> "success";
            case FAILED, REJECTED -> "error";
            case RETIRED -> "contrast";
            case PENDING_APPROVAL -> "";
        });
        badge.getElement().setAttribute("data-state", state.name());
        return badge;
    }

    /**
     * The endpoint's split of the calls while a release is live, e.g. "90% v1 · 10% v2", from the
     * live releases of the same endpoint among {@code known}; "—" when it serves nothing.
     */
    static String split(DeploymentView release, Collection<DeploymentView> known) {
        if (release.state() == DeploymentState.SHADOW) {
            return "0% v" + release.modelVersion() + " (shadow: a mirror)";
        }
        if (!release.live()) {
            return "—";
        }
        List<DeploymentView> live = known.stream().filter(d -> d.live() && d.name().equals(release.name()) && d.areaId().equals(release.areaId()))
                .sorted(Comparator.comparing((DeploymentView d) -> d.canaryPercent() != null).thenComparing(DeploymentView::modelVersion)).toList();
        if (live.isEmpty()) {
            live = List.of(release);
        }
        Integer canary = live.stream().map(DeploymentView::canaryPercent).filter(p -> p != null).findFirst().orElse(null);
        return String.join(" · ", live.stream().map(d -> d.trafficPercent(canary) + "% v" + d.modelVersion()).toList());
    }

    static String callsPerMinute(ServingFigures f) {
        return ONE.format(f.callsPerMinute());
    }

    static String calls(ServingFigures f) {
        return COUNT.format(f.calls()) + (f.calls() == 1 ? " call" : " calls");
    }

    static String p95(ServingFigures f) {
        return f.p95Millis() == null ? "—" : (f.p95Millis() < 10 ? TWO : ONE).format(f.p95Millis()) + " ms";
    }

    static String errorRate(ServingFigures f) {
        return f.errorRate() == null ? "—" : ONE.format(f.errorRate() * 100) + "%";
    }

    static String when(Instant at, ZoneId zone) {
        return at == null ? "—" : WHEN.format(at.atZone(zone));
    }

    /** As {@link #when}, without the year when it is this year's (for narrow columns). */
    static String shortly(Instant at, ZoneId zone, Clock clock) {
        if (at == null) {
            return "—";
        }
        return at.atZone(zone).getYear() == clock.instant().atZone(zone).getYear() ? THIS_YEAR.format(at.atZone(zone)) : when(at, zone);
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
}
