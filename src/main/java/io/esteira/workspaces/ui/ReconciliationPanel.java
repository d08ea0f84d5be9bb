package io.esteira.workspaces.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Formats;
import io.esteira.shared.ui.Notices;
import io.esteira.workspaces.ReconciliationReport;
import io.esteira.workspaces.ReconciliationReport.Correction;
import io.esteira.workspaces.ReconciliationReport.Orphan;
import io.esteira.workspaces.WorkspaceAdministration;

/**
 * The reconciliation tab: what the last comparison of the portal's records with the provisioners
 * found, a way to run it now, and to clean up runtimes that belong to no workspace.
 */
class ReconciliationPanel extends VerticalLayout {

    private final WorkspaceAdministration admin;
    private final Span summary = new Span();
    private final Grid<Correction> corrections = new Grid<>(Correction.class, false);
    private final Grid<Orphan> orphans = new Grid<>(Orphan.class, false);

    ReconciliationPanel(WorkspaceAdministration admin) {
        this.admin = admin;
        setId("reconciliation-panel");
        setPadding(false);

        summary.setId("reconciliation-summary");
        Button reconcile = new Button("Reconcile now", VaadinIcon.REFRESH.create());
        reconcile.setId("reconcile-now");
        reconcile.setDisableOnClick(true);
        reconcile.addClickListener(e -> {
            try {
                show(admin.reconcile());
                Notices.success("Reconciliation finished");
            } finally {
                reconcile.setEnabled(true);
            }
        });
        HorizontalLayout toolbar = new HorizontalLayout(summary, reconcile);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        toolbar.setWrap(true);

        corrections.setId("corrections-grid");
        corrections.addColumn(Correction::name).setHeader("Workspace").setWidth("12rem").setFlexGrow(1)
                .setTooltipGenerator(Correction::name);
        corrections.addColumn(Correction::from).setHeader("From").setAutoWidth(true).setFlexGrow(0);
        corrections.addColumn(Correction::to).setHeader("To").setAutoWidth(true).setFlexGrow(0);
        corrections.addColumn(Correction::reason).setHeader("Reason").setWidth("16rem").setFlexGrow(3)
                .setTooltipGenerator(Correction::reason);
        corrections.setEmptyStateText("No corrections.");
        corrections.setAllRowsVisible(true);

        orphans.setId("orphans-grid");
        orphans.addColumn(Orphan::provisioner).setHeader("Provisioner").setAutoWidth(true).setFlexGrow(0);
        orphans.addColumn(o -> o.claimedWorkspaceId() == null ? "unknown" : o.claimedWorkspaceId().toString())
                .setHeader("Claimed workspace").setAutoWidth(true).setFlexGrow(0);
        orphans.addColumn(Orphan::description).setHeader("Description").setWidth("16rem").setFlexGrow(3)
                .setTooltipGenerator(Orphan::description);
        orphans.addComponentColumn(this::cleanUpButton).setAutoWidth(true).setFlexGrow(0);
        orphans.setEmptyStateText("No runtime without a workspace was found.");
        orphans.setAllRowsVisible(true);

        add(toolbar, heading("Corrections"), corrections, heading("Runtimes without a workspace"), orphans);
        show(admin.lastReconciliation());
    }

    private void show(ReconciliationReport report) {
        summary.setText(report.at() == null ? "Last reconciliation: never"
                : "Last reconciliation: " + Formats.dateTimeWithSeconds(report.at()) + ", " + report.checked() + " workspaces checked");
        corrections.setItems(report.corrections());
        orphans.setItems(report.orphans());
    }

    private Button cleanUpButton(Orphan orphan) {
        Button cleanUp = new Button("Clean up", e -> {
            ConfirmDialog confirm = new ConfirmDialog("Clean up " + orphan.provisioner() + " runtime?",
                    "Stop and remove this runtime? Its files are deleted.", "Clean up", ok -> {
                        admin.removeOrphan(orphan.id());
                        Notices.success("Runtime removed");
                        show(admin.lastReconciliation());
                    });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        cleanUp.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
        cleanUp.setAriaLabel("Clean up " + orphan.description());
        return cleanUp;
    }

    private static H3 heading(String text) {
        H3 heading = new H3(text);
        heading.addClassNames(LumoUtility.Margin.Top.MEDIUM);
        return heading;
    }
}
