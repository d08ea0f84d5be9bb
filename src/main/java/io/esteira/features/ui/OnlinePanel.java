package io.esteira.features.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.FeatureGroupView.VersionView;
import io.esteira.features.FeatureRefresher;
import io.esteira.features.OnlineFeatures;
import io.esteira.features.OnlineValues;
import io.esteira.features.RefreshView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import java.util.List;
import java.util.Map;

/** The online side of a published version: its refreshes with their validation results, and a lookup of one entity. */
class OnlinePanel extends Div {

    private final FeatureGroupView group;
    private final VersionView version;
    private final FeatureRefresher refresher;
    private final OnlineFeatures online;
    private com.vaadin.flow.shared.Registration poll;

    OnlinePanel(FeatureGroupView group, VersionView version, FeatureRefresher refresher, OnlineFeatures online) {
        this.group = group;
        this.version = version;
        this.refresher = refresher;
        this.online = online;
        setId("online-panel");
        setWidthFull();
        render();
    }

    /** While a refresh runs (or the first is about to), the panel polls until it is over. */
    @Override
    protected void onAttach(com.vaadin.flow.component.AttachEvent event) {
        super.onAttach(event);
        if (waiting()) {
            event.getUI().setPollInterval(2000);
            poll = event.getUI().addPollListener(e -> {
                render();
                if (!waiting()) {
                    e.getSource().setPollInterval(-1);
                    poll.remove();
                }
            });
        }
    }

    @Override
    protected void onDetach(com.vaadin.flow.component.DetachEvent event) {
        if (poll != null) {
            poll.remove();
        }
        super.onDetach(event);
    }

    private boolean waiting;

    private boolean waiting() {
        return waiting;
    }

    private void render() {
        removeAll();
        List<RefreshView> refreshes = refresher.refreshes(group.id(), version.number());
        if (!version.status().equals("PUBLISHED")) {
            add(new Paragraph("Only the published version is online. "
                    + (refreshes.isEmpty() ? "This version has not been online." : "Its refreshes while it was published are below.")));
        } else if (refreshes.isEmpty()) {
            add(new Paragraph("Not online yet: the first refresh starts when a version is published."));
        }
        waiting = version.status().equals("PUBLISHED") && (refreshes.isEmpty() || refreshes.getFirst().state().equals("RUNNING"));
        if (!refreshes.isEmpty()) {
            RefreshView last = refreshes.stream().filter(r -> r.state().equals("DONE")).findFirst().orElse(refreshes.getFirst());
            Span summary = new Span(switch (last.state()) {
                case "DONE" -> Formats.count(last.entities()) + " entities online, refreshed " + Formats.dateTime(last.finishedAt())
                        + (last.checkedAt() != null && last.checkedAt().isAfter(last.finishedAt()) ? ", source checked unchanged " + Formats.dateTime(last.checkedAt()) : "");
                case "RUNNING" -> "Refreshing since " + Formats.dateTime(last.startedAt());
                default -> "The last refresh failed: " + last.error();
            });
            summary.setId("online-summary");
            add(summary);
            if (last.violations() != null && last.violations() > 0) {
                Span broken = new Span("Rules broken at the last refresh: " + last.violationDetail());
                broken.setId("online-violations");
                broken.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.Display.BLOCK);
                add(broken);
            }
            if (version.status().equals("PUBLISHED")) {
                add(lookup(group, version, online));
            }
            add(new H4("Refreshes"), history(refreshes));
        }
    }

    private static Grid<RefreshView> history(List<RefreshView> refreshes) {
        Grid<RefreshView> grid = new Grid<>(RefreshView.class, false);
        grid.setId("refresh-history");
        grid.addColumn(r -> Formats.dateTime(r.startedAt())).setHeader("Started").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(r -> {
            Span state = new Span(r.state().toLowerCase());
            state.getElement().getThemeList().add("badge small " + switch (r.state()) {
                case "DONE" -> r.violations() != null && r.violations() > 0 ? "contrast" : "success";
                case "FAILED" -> "error";
                default -> "";
            });
            return state;
        }).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(RefreshView::triggeredBy).setHeader("By").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.sourceRows() == null ? "" : Formats.count(r.sourceRows())).setHeader("Rows").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> r.entities() == null ? "" : Formats.count(r.entities())).setHeader("Entities").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> r.violations() == null ? "" : Formats.count(r.violations())).setHeader("Violations").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> r.error() != null ? r.error() : r.violationDetail() == null ? "" : r.violationDetail())
                .setHeader("Detail").setFlexGrow(1).setTooltipGenerator(r -> r.error() != null ? r.error() : r.violationDetail());
        grid.setItems(refreshes);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        return grid;
    }

    private static Div lookup(FeatureGroupView group, VersionView version, OnlineFeatures online) {
        TextField entity = new TextField(String.join(", ", version.entityKeys()));
        entity.setId("online-entity");
        entity.setHelperText(version.entityKeys().size() > 1 ? "Values in this order, separated by commas" : "The entity to look up");
        Div result = new Div();
        result.setId("online-result");
        Button find = new Button("Look up", e -> {
            result.removeAll();
            entity.setInvalid(false);
            String[] parts = entity.getValue().split(",", -1);
            Map<String, Object> key = new java.util.LinkedHashMap<>();
            for (int i = 0; i < version.entityKeys().size(); i++) {
                key.put(version.entityKeys().get(i), i < parts.length ? parts[i].strip() : "");
            }
            try {
                OnlineValues.Entity found = online.lookup(group.name(), List.of(key), List.of()).entities().getFirst();
                if (!found.found()) {
                    result.add(new Paragraph("No online values for " + entity.getValue().strip() + "."));
                    return;
                }
                Grid<Map.Entry<String, Object>> values = new Grid<>();
                values.setId("online-values");
                values.addColumn(Map.Entry::getKey).setHeader("Feature");
                values.addColumn(v -> v.getValue() == null ? "—" : v.getValue().toString()).setHeader("Value");
                values.setItems(found.features().entrySet().stream().toList());
                values.setAllRowsVisible(true);
                values.addThemeVariants(GridVariant.LUMO_COMPACT);
                result.add(new Span("Event time " + found.eventTime()), values);
            } catch (InvalidRequestException | ForbiddenException | NotFoundException ex) {
                entity.setErrorMessage(ex.getMessage());
                entity.setInvalid(true);
            }
        });
        find.setId("online-lookup");
        find.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        entity.addKeyPressListener(com.vaadin.flow.component.Key.ENTER, e -> find.click());
        HorizontalLayout form = new HorizontalLayout(entity, find);
        form.setAlignItems(Alignment.BASELINE);
        return new Div(new H4("Look up an entity"), form, result);
    }
}
