package io.esteira.training.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.costs.ui.CostQuotePanel;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentView;
import io.esteira.deployments.Rollout;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.Notices;
import io.esteira.training.PromotionDraft;
import io.esteira.training.RecommendationView;
import io.esteira.training.Retraining;
import java.util.Locale;
import java.util.Map;
import org.springframework.orm.ObjectOptimisticLockingFailureException;

/**
 * Requests the challenger's promotion: a release of it on the champion's endpoint, in its environment, all at once or as a
 * canary, with a justification and a rollback plan; what the release costs is shown before the request. The change
 * request is the deployments' usual one; its evidence adds the retraining's.
 */
final class PromotionDialog {

    private PromotionDialog() {
    }

    /** The form's values, bound to its fields. */
    static final class Form {
        String justification = "";
        String rollbackPlan = "";
        Rollout rollout = Rollout.ALL_AT_ONCE;
        Integer canaryPercent = 10;
    }

    static void open(Retraining retraining, DeploymentService deployments, AreaService areas, RecommendationView r, Runnable after) {
        DeploymentView champion = deployments.get(r.releaseId());
        Dialog dialog = new Dialog();
        dialog.setId("promotion-dialog");
        dialog.setHeaderTitle("Promote " + r.model() + " v" + r.challengerVersion());
        dialog.setWidth("min(44rem, 95vw)");
        Paragraph what = new Paragraph("A release of v" + r.challengerVersion() + " on " + champion.name() + " ("
                + champion.environment().name().toLowerCase(Locale.ROOT) + "), replacing v" + r.championVersion() + " once its change "
                + "request is approved. Its evidence adds the alert, this recommendation and the comparison; a model-risk reviewer "
                + "re-validates retrained versions of risk tiers 1 and 2.");
        what.addClassNames(LumoUtility.FontSize.SMALL);
        TextArea justification = new TextArea("Justification");
        justification.setId("promotion-justification");
        justification.setWidthFull();
        justification.setHelperText("What the comparison shows and why the challenger should serve; 20 characters or more");
        TextArea rollback = new TextArea("Rollback plan");
        rollback.setId("promotion-rollback");
        rollback.setWidthFull();
        rollback.setValue("Roll back to v" + r.championVersion() + " from the release's page (a pre-approved standard change)");
        RadioButtonGroup<Rollout> rollout = new RadioButtonGroup<>("Rollout");
        rollout.setId("promotion-rollout");
        rollout.setItems(Rollout.ALL_AT_ONCE, Rollout.CANARY);
        rollout.setItemLabelGenerator(x -> x == Rollout.CANARY ? "Canary: a share of the calls first" : "All at once");
        IntegerField canary = new IntegerField("Canary share of calls (%)");
        canary.setId("promotion-canary");
        canary.setMin(1);
        canary.setMax(99);
        canary.setStepButtonsVisible(true);
        Binder<Form> binder = new Binder<>(Form.class);
        binder.forField(justification).asRequired("Say why the challenger should replace the champion")
                .withValidator(v -> v.strip().length() >= 20, "At least 20 characters").bind(f -> f.justification, (f, v) -> f.justification = v);
        binder.forField(rollback).bind(f -> f.rollbackPlan, (f, v) -> f.rollbackPlan = v);
        binder.forField(rollout).asRequired("Pick a rollout").bind(f -> f.rollout, (f, v) -> f.rollout = v);
        binder.forField(canary).withValidator(v -> rollout.getValue() != Rollout.CANARY || (v != null && v >= 1 && v <= 99), "1 to 99%")
                .bind(f -> f.canaryPercent, (f, v) -> f.canaryPercent = v);
        Form form = new Form();
        form.rollbackPlan = rollback.getValue();
        binder.setBean(form);
        canary.setVisible(false);
        rollout.addValueChangeListener(e -> canary.setVisible(e.getValue() == Rollout.CANARY));
        CostQuotePanel cost = new CostQuotePanel();
        cost.setId("promotion-cost");
        try {
            cost.showRunning(deployments.price(champion.areaId(), champion.target(), new DeploymentDraft.Resources(champion.replicas(),
                    champion.cpu(), champion.memory())), areas.get(champion.areaId()).name(), "the challenger's release", "request it");
        } catch (RuntimeException e) {
            cost.showMessage("The release cannot be priced: " + e.getMessage());
        }
        Button request = new Button("Request promotion", e -> {
            if (binder.validate().hasErrors()) {
                return;
            }
            try {
                retraining.requestPromotion(r.id(), new PromotionDraft(form.justification.strip(), form.rollbackPlan, form.rollout,
                        form.rollout == Rollout.CANARY ? form.canaryPercent : null), r.version());
                dialog.close();
                Notices.success("Promotion requested: the change request waits for its reviewers");
                after.run();
            } catch (InvalidRequestException ex) {
                Notices.fieldErrors(ex, Map.of("justification", justification, "rollbackPlan", rollback, "canaryPercent", canary));
            } catch (ObjectOptimisticLockingFailureException ex) {
                dialog.close();
                Notices.error("Someone acted on the recommendation meanwhile; here it is as it is now");
                after.run();
            }
        });
        request.setId("promotion-submit");
        request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(what, cost, justification, rollback, rollout, canary);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), request);
        dialog.open();
    }
}
