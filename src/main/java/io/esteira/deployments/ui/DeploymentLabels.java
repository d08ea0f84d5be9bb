package io.esteira.deployments.ui;

import com.vaadin.flow.component.html.Span;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.ServingFigures;
import io.esteira.shared.Formats;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** How deployments read on the screens: state badges, the traffic split, serving figures (dates and numbers: {@link Formats}). */
final class DeploymentLabels {

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
        return Formats.number(f.callsPerMinute(), 1);
    }

    static String calls(ServingFigures f) {
        return Formats.count(f.calls()) + (f.calls() == 1 ? " call" : " calls");
    }

    static String p95(ServingFigures f) {
        return f.p95Millis() == null ? Formats.NONE : Formats.number(f.p95Millis(), f.p95Millis() < 10 ? 2 : 1) + " ms";
    }

    static String errorRate(ServingFigures f) {
        return Formats.percent(f.errorRate());
    }
}
