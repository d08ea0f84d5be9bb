package io.esteira.features.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.features.AccessRequestDraft;
import io.esteira.features.AccessRequestView;
import io.esteira.features.FeatureAccess;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.FeatureGroupView.VersionView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.ui.Notices;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Personal data of the group: the requests of other areas to read it. The owning area sees them
 * all and its managers decide; another area sees its own and asks.
 */
class AccessPanel extends Div {

    private final FeatureGroupView group;
    private final VersionView version;
    private final FeatureAccess featureAccess;
    private final AreaAccess access;
    private final AreaService areas;

    AccessPanel(FeatureGroupView group, VersionView version, FeatureAccess featureAccess, AreaAccess access, AreaService areas) {
        this.group = group;
        this.version = version;
        this.featureAccess = featureAccess;
        this.access = access;
        this.areas = areas;
        setId("access-panel");
        setWidthFull();
        render();
    }

    private void render() {
        removeAll();
        List<String> pii = version.features().stream().filter(FeatureDraft::pii).map(FeatureDraft::name).toList();
        boolean owner = access.canRead(group.areaId());
        if (pii.isEmpty()) {
            add(new Paragraph("No feature of this version is personal data: everyone signed in reads it."));
        } else if (owner) {
            add(new Paragraph("Personal data: " + String.join(", ", pii) + ". Other areas read it only with the approval of a manager of "
                    + group.domain() + "."));
        } else {
            List<AreaSummary> mine = areas.myAreas().stream().filter(a -> access.canAct(a.id()) && !a.id().equals(group.areaId())).toList();
            add(new Paragraph("Personal data of " + group.domain() + ": " + String.join(", ", pii)
                    + ". Reading it needs that area's approval; other features are open to you."));
            if (!mine.isEmpty()) {
                Button request = new Button("Request access", e -> requestDialog(pii, mine));
                request.setId("request-access");
                request.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                add(request);
            }
        }
        List<AccessRequestView> requests = featureAccess.requestsFor(group.id());
        if (requests.isEmpty()) {
            if (!pii.isEmpty()) {
                add(new Paragraph("No requests yet."));
            }
            return;
        }
        boolean decides = featureAccess.canDecide(group.areaId());
        Grid<AccessRequestView> grid = new Grid<>(AccessRequestView.class, false);
        grid.setId("access-requests");
        grid.addColumn(AccessRequestView::requesterArea).setHeader("Area").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> String.join(", ", r.features())).setHeader("Features").setAutoWidth(true);
        grid.addColumn(AccessRequestView::justification).setHeader("Why").setFlexGrow(2).setTooltipGenerator(AccessRequestView::justification);
        grid.addColumn(r -> r.requestedBy() + " · " + Formats.dateTime(r.requestedAt())).setHeader("Asked").setAutoWidth(true);
        grid.addComponentColumn(r -> {
            Span state = new Span(r.state().toLowerCase());
            state.getElement().getThemeList().add("badge small " + switch (r.state()) {
                case "APPROVED" -> "success";
                case "REJECTED", "REVOKED" -> "error";
                default -> "";
            });
            if (r.decisionComment() != null) {
                state.getElement().setAttribute("title", r.decidedBy() + ": " + r.decisionComment());
            }
            return state;
        }).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        if (decides) {
            grid.addComponentColumn(r -> {
                HorizontalLayout actions = new HorizontalLayout();
                actions.setSpacing(false);
                if (r.state().equals("REQUESTED")) {
                    actions.add(decision("Approve", r, featureAccess::approve), decision("Reject", r, featureAccess::reject));
                } else if (r.state().equals("APPROVED")) {
                    actions.add(decision("Revoke", r, featureAccess::revoke));
                }
                return actions;
            }).setHeader("Decide").setAutoWidth(true).setFlexGrow(0);
        }
        grid.setItems(requests);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        add(grid);
    }

    private Button decision(String label, AccessRequestView request, BiFunction<java.util.UUID, String, AccessRequestView> decide) {
        Button button = new Button(label, e -> {
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle(label + " the request of " + request.requesterArea());
            TextArea comment = new TextArea("Comment");
            comment.setId("decision-comment");
            comment.setRequired(true);
            comment.setWidth("28rem");
            comment.setHelperText("Recorded in the audit log with your decision");
            Button confirm = new Button(label, c -> {
                try {
                    decide.apply(request.id(), comment.getValue());
                    dialog.close();
                    Notices.success("Request of " + request.requesterArea() + ": " + label.toLowerCase() + "d");
                    render();
                } catch (InvalidRequestException | ForbiddenException ex) {
                    comment.setErrorMessage(ex.getMessage());
                    comment.setInvalid(true);
                }
            });
            confirm.setId("confirm-decision");
            confirm.addThemeVariants(label.equals("Approve") ? ButtonVariant.LUMO_PRIMARY : ButtonVariant.LUMO_ERROR);
            dialog.add(new Paragraph(String.join(", ", request.features()) + " for " + request.requesterArea() + ": " + request.justification()), comment);
            dialog.getFooter().add(new Button("Cancel", c -> dialog.close()), confirm);
            dialog.open();
        });
        button.setId(label.toLowerCase() + "-request");
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        return button;
    }

    private void requestDialog(List<String> pii, List<AreaSummary> mine) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Request access to personal data of " + group.name());
        Select<AreaSummary> area = new Select<>();
        area.setLabel("For the area");
        area.setItems(mine);
        area.setItemLabelGenerator(AreaSummary::name);
        area.setValue(mine.getFirst());
        MultiSelectComboBox<String> features = new MultiSelectComboBox<>("Features");
        features.setId("access-features");
        features.setItems(pii);
        features.select(pii);
        TextArea why = new TextArea("Justification");
        why.setId("access-justification");
        why.setWidthFull();
        why.setHelperText("What the data is for; the manager of " + group.domain() + " reads this");
        Button send = new Button("Send request", e -> {
            why.setInvalid(false);
            features.setInvalid(false);
            try {
                featureAccess.request(group.id(), new AccessRequestDraft(area.getValue() == null ? null : area.getValue().id(),
                        new ArrayList<>(features.getSelectedItems()), why.getValue()));
                dialog.close();
                Notices.success("Request sent to " + group.domain());
                render();
            } catch (InvalidRequestException ex) {
                why.setErrorMessage(ex.fieldErrors().getOrDefault("justification", ex.getMessage()));
                why.setInvalid(ex.fieldErrors().containsKey("justification") || !ex.fieldErrors().containsKey("features"));
                if (ex.fieldErrors().containsKey("features")) {
                    features.setErrorMessage(ex.fieldErrors().get("features"));
                    features.setInvalid(true);
                }
            }
        });
        send.setId("send-access-request");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        VerticalLayout form = new VerticalLayout(area, features, why);
        form.setPadding(false);
        form.setWidth("30rem");
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), send);
        dialog.open();
    }
}
