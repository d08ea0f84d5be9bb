package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * The way back from a detail page: its list (and what lies between) as links, then the page itself, e.g.
 * "Training › card-fraud-train › run 3". Every detail page has one, above its title.
 */
public final class Breadcrumb extends Div {

    /** @param trail alternately a link's text and its portal path (no leading slash), e.g. "Training", "training" */
    public Breadcrumb(String here, String... trail) {
        if (trail.length % 2 != 0) {
            throw new IllegalArgumentException("a breadcrumb's trail is pairs of text and path");
        }
        setId("breadcrumb");
        getElement().setAttribute("aria-label", "Breadcrumb");
        getElement().setAttribute("role", "navigation");
        addClassNames("breadcrumb", LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        getStyle().set("overflow-wrap", "anywhere");
        for (int i = 0; i < trail.length; i += 2) {
            Anchor link = new Anchor(trail[i + 1], trail[i]);
            link.addClassName("breadcrumb-link");
            add(link, new Span(" › "));
        }
        Span current = new Span(here);
        current.getElement().setAttribute("aria-current", "page");
        add(current);
    }

    /** Gives the links ids of their own, in order, for pages whose tests and links name them (e.g. "training-breadcrumb"). */
    public Breadcrumb linkIds(String... ids) {
        java.util.List<Anchor> links = getChildren().filter(Anchor.class::isInstance).map(Anchor.class::cast).toList();
        for (int i = 0; i < ids.length && i < links.size(); i++) {
            links.get(i).setId(ids[i]);
        }
        return this;
    }
}
