package io.esteira.training.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Formats;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.ModelPageSection;
import io.esteira.shared.ui.People;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import io.esteira.training.RetrainingPolicyView;
import io.esteira.training.TrainingService;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The model page's retraining section: the model's retraining policy (set or changed by its area's data scientists), and
 * its lineage from monitoring to release as chains alert → recommendation → run → version → change request.
 */
@org.springframework.stereotype.Component
class RetrainingSection implements ModelPageSection {

    private final UserDirectory users;
    private final Retraining retraining;
    private final TrainingService training;

    RetrainingSection(Retraining retraining, TrainingService training, UserDirectory users) {
        this.users = users; // a singleton: each section looks its people up afresh
        this.retraining = retraining;
        this.training = training;
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public Component section(UUID modelId, String modelName, UUID areaId) {
        Div box = new Div();
        box.setId("retraining-section");
        box.setWidthFull();
        try {
            render(box, modelId, modelName, areaId);
        } catch (io.esteira.shared.NotFoundException | io.esteira.shared.ForbiddenException e) {
            return null; // retraining is the area's business: reviewers read its evidence on the change requests
        }
        return box;
    }

    private void render(Div box, UUID modelId, String modelName, UUID areaId) {
        box.removeAll();
        box.add(new H2("Retraining"));
        RetrainingPolicyView policy = retraining.policy(modelId).orElse(null);
        People people = new People(users);
        Paragraph says = new Paragraph(policy == null
                ? "No retraining policy: the alerts of " + modelName + "'s live releases recommend nothing."
                : "Alerts of " + policy.triggers() + " recommend running " + policy.job() + " on the last " + policy.windowDays() + " days up to "
                        + policy.labelDelayHours() + " h before the alert; " + (policy.automatic() ? "the run starts at once (for "
                        + people.actor(policy.setBy()) + ")" : "a data scientist accepts or declines") + ". Set by " + people.actor(policy.setBy()) + " "
                        + Formats.dateTime(policy.updatedAt()) + ".");
        says.setId("retraining-policy");
        says.getStyle().set("overflow-wrap", "anywhere");
        box.add(says);
        if (retraining.canChange(modelId)) {
            Button edit = new Button(policy == null ? "Set a retraining policy…" : "Change the retraining policy…", VaadinIcon.COG.create(),
                    e -> PolicyDialog.open(retraining, training, modelId, modelName, areaId, policy, () -> render(box, modelId, modelName, areaId)));
            edit.setId("retraining-policy-edit");
            box.add(edit);
        }
        List<RecommendationView> chain = retraining.ofModel(modelId);
        H3 heading = new H3("From alert to release");
        box.add(heading);
        if (chain.isEmpty()) {
            Paragraph none = new Paragraph("No retraining recommended yet.");
            none.setId("retraining-chain-empty");
            none.addClassNames(LumoUtility.TextColor.SECONDARY);
            box.add(none);
        }
        Div list = new Div();
        list.setId("retraining-chain");
        for (RecommendationView r : chain) {
            list.add(chain(r));
        }
        box.add(list);
    }

    /** One chain: alert → recommendation → run → version → change request, each a link where it has a page. */
    static Component chain(RecommendationView r) {
        Div row = new Div();
        row.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.SMALL,
                LumoUtility.Padding.Vertical.SMALL, LumoUtility.Border.BOTTOM, LumoUtility.BorderColor.CONTRAST_10);
        row.getElement().setAttribute("data-recommendation", r.id().toString());
        row.add(step("Alert: " + r.alertCheck() + ", " + Formats.dateTime(r.alertWindow()),
                io.esteira.shared.ui.MonitoringLinks.deployment(r.deployment(), r.areaId(), r.releaseId())));
        row.add(arrow(), step("Recommendation: " + RetrainingWords.state(r.state()), "training/recommendations/" + r.id()));
        if (r.runNumber() != null) {
            row.add(arrow(), step("Run " + r.runNumber() + " of " + r.job() + ": " + r.runState().toLowerCase(Locale.ROOT), null));
        }
        if (r.challengerVersion() != null) {
            row.add(arrow(), step("Version v" + r.challengerVersion(), null));
        }
        if (r.changeId() != null) {
            row.add(arrow(), step("Change request", "changes/" + r.changeId()));
            row.add(arrow(), step("Release", "deployments/" + r.deploymentId()));
        }
        return row;
    }

    private static Component step(String text, String link) {
        Component c = link == null ? new Span(text) : new Anchor(link, text);
        c.getElement().getThemeList().add("badge");
        c.getElement().getStyle().set("white-space", "normal").set("overflow-wrap", "anywhere");
        return c;
    }

    private static Component arrow() {
        Span a = new Span("→");
        a.addClassNames(LumoUtility.TextColor.SECONDARY);
        a.getElement().setAttribute("aria-hidden", "true");
        return a;
    }
}
