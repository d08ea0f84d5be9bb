package io.esteira.models.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.models.ArtifactDownload;
import io.esteira.models.GateResult;
import io.esteira.models.Lineage;
import io.esteira.changes.ChangeRequestView;
import io.esteira.models.ModelRegistry;
import io.esteira.models.pipeline.ModelPipeline;
import io.esteira.shared.Formats;
import io.esteira.shared.security.CurrentUser;
import io.esteira.models.ModelView;
import io.esteira.models.TensorSpec;
import io.esteira.models.VersionSummary;
import io.esteira.models.VersionView;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.Actor;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import io.esteira.shared.ui.PersonName;
import jakarta.annotation.security.RolesAllowed;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A model: its versions, and for the chosen version its way to production, gate results, metrics
 * against the champion's, signature, lineage, model card, aliases and the artifact. Follows running
 * gates through server push.
 */
@Route("models/:name")
@PageTitle("Model · Esteira")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME, Role.ADMIN_NAME, Role.REVIEWER_NAME})
class ModelPage extends VerticalLayout implements BeforeEnterObserver {

    private final ModelRegistry registry;
    private final ModelPipeline pipeline;
    private final ModelUpdates updates;
    private final java.util.List<io.esteira.shared.ui.ModelPageSection> sections;
    private final People people;
    private final Div header = new Div();
    private final Div more = new Div();
    private final Grid<VersionSummary> versions = new Grid<>(VersionSummary.class, false);
    private final Div detail = new Div();
    private ModelView model;
    private Integer shown;
    private boolean canChange;
    private Runnable unregister;

    ModelPage(ModelRegistry registry, ModelPipeline pipeline, ModelUpdates updates,
            org.springframework.beans.factory.ObjectProvider<io.esteira.shared.ui.ModelPageSection> sections, UserDirectory users) {
        this.people = new People(users);
        this.sections = sections.orderedStream()
                .sorted(java.util.Comparator.comparingInt(io.esteira.shared.ui.ModelPageSection::order)).toList();
        this.registry = registry;
        this.pipeline = pipeline;
        this.updates = updates;
        addClassName("view");
        setId("model-page");
        header.setWidthFull();
        detail.setId("version-detail");
        detail.setWidthFull();

        versions.setId("versions-grid");
        versions.addColumn(v -> "v" + v.number()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        versions.addComponentColumn(v -> ModelsView.gates("", v.gates())).setHeader("Gates").setAutoWidth(true).setFlexGrow(0);
        versions.addComponentColumn(ModelPage::aliases).setHeader("Aliases").setWidth("9rem").setFlexGrow(1);
        versions.addColumn(v -> pipeline.approvalState(v.id())).setHeader("Approval").setWidth("10rem").setFlexGrow(1);
        versions.addColumn(v -> v.metrics().entrySet().stream().limit(3).map(e -> e.getKey() + " " + Formats.number(e.getValue(), 4))
                .reduce((a, b) -> a + " · " + b).orElse("")).setHeader("Metrics").setWidth("14rem").setFlexGrow(2);
        versions.addColumn(People.renderer(v -> Actor.of(v.registeredBy()).shown(people), v -> Actor.of(v.registeredBy()).username()))
                .setHeader("Registered by").setWidth("12rem").setFlexGrow(1);
        versions.addColumn(v -> Formats.dateTime(v.registeredAt())).setHeader("When").setAutoWidth(true).setFlexGrow(0);
        versions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        versions.setEmptyStateText("No version yet. A pipeline registers one with POST /api/v1/models/{name}/versions.");
        versions.addItemClickListener(e -> showVersion(e.getItem().number()));
        more.setId("model-sections");
        more.setWidthFull();
        add(header, versions, detail, more);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get("name").orElse("");
        Map<String, List<String>> query = event.getLocation().getQueryParameters().getParameters();
        UUID area = query.getOrDefault("area", List.of()).stream().findFirst().map(ModelPage::uuid).orElse(null);
        try {
            model = registry.getByName(name, area);
        } catch (NotFoundException | InvalidRequestException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no model " + name + " that you can see.");
            return;
        }
        canChange = registry.canChange(model.id());
        sizeVersions();
        Integer wanted = query.getOrDefault("version", List.of()).stream().findFirst().map(ModelPage::integer).orElse(null);
        renderHeader();
        more.removeAll();
        for (io.esteira.shared.ui.ModelPageSection section : sections) {
            Component part = section.section(model.id(), model.name(), model.areaId());
            if (part != null) {
                more.add(part);
            }
        }
        versions.setItems(q -> people.knowing(registry.versions(model.id(), VaadinSpringDataHelpers.toSpringPageRequest(q)).getContent(),
                v -> Actor.of(v.registeredBy()).username()).stream());
        Optional<VersionView> latest = registry.latest(model.id());
        if (wanted != null) {
            showVersion(wanted);
        } else {
            latest.ifPresentOrElse(v -> showVersion(v.number()), () -> {
                detail.removeAll();
                Paragraph none = new Paragraph("No version registered yet.");
                none.setId("no-versions");
                detail.add(none);
            });
        }
    }

    /** As tall as its rows, up to six, so that a model with one version has no empty box. */
    private void sizeVersions() {
        versions.setHeight((3.5 + 3.2 * Math.max(1, Math.min(6, model.versionCount()))) + "rem");
    }

    private void renderHeader() {
        header.removeAll();
        header.add(new Breadcrumb(model.name(), "Models", "models"));
        H1 title = new H1(model.name());
        title.setId("model-title");
        title.getStyle().set("overflow-wrap", "anywhere");
        Span area = new Span(new Text(model.area() + " · owner "), PersonName.of(model.owner(), model.ownerUsername()),
                new Text(" · " + model.useCase()));
        area.addClassNames(LumoUtility.TextColor.SECONDARY);
        HorizontalLayout line = new HorizontalLayout(ModelsView.tier(model.riskTier()), area);
        line.setAlignItems(FlexComponent.Alignment.CENTER);
        line.getStyle().set("flex-wrap", "wrap");
        header.add(title, line);
        if (!model.description().isBlank()) {
            header.add(new Paragraph(model.description()));
        }
        Paragraph thresholds = new Paragraph(model.thresholds().isEmpty() ? "No metric thresholds."
                : "Thresholds: " + String.join(" · ", model.thresholds().stream().map(Object::toString).toList()));
        thresholds.setId("model-thresholds");
        thresholds.addClassNames(LumoUtility.FontSize.SMALL);
        header.add(thresholds);
    }

    /** The version's change requests, newest first, each opening its page. */
    private com.vaadin.flow.component.Component changeRequests(VersionView v) {
        Div list = new Div();
        list.setId("version-changes");
        List<ChangeRequestView> requests = pipeline.changeRequests(v.id());
        if (requests.isEmpty()) {
            list.add(new Span(v.passedGates() ? "None yet. \"Deploy…\" requests a deployment of this version; \"Request approval only…\" proposes it without serving it."
                    : "A version is proposed once it has passed every quality gate."));
        }
        requests.forEach(r -> {
            com.vaadin.flow.component.html.Anchor link = new com.vaadin.flow.component.html.Anchor("changes/" + r.id(),
                    r.environment().name().toLowerCase(java.util.Locale.ROOT) + " · " + r.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " · " + r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + (r.state() != io.esteira.changes.ChangeState.SUBMITTED || r.stillNeeded() == null || r.stillNeeded().isBlank()
                                    ? "" : " (" + r.stillNeeded() + ")")
                            + " · requested by " + r.requesterName() + " " + Formats.dateTime(r.submittedAt()));
            link.addClassNames(LumoUtility.Display.BLOCK);
            list.add(link);
        });
        return list;
    }

    private void showVersion(int number) {
        VersionView v;
        try {
            v = registry.version(model.id(), number);
        } catch (NotFoundException e) {
            detail.removeAll();
            detail.add(new Paragraph(model.name() + " has no version " + number + "."));
            return;
        }
        shown = number;
        detail.removeAll();

        H2 title = new H2("Version " + v.number());
        title.setId("version-title");
        HorizontalLayout actions = new HorizontalLayout();
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.getStyle().set("flex-wrap", "wrap");
        actions.add(title, ModelsView.gates("", v.gates()));
        v.aliases().forEach(a -> actions.add(badge(a, "badge primary pill")));
        if (v.format().equals("ONNX")) {
            actions.add(artifactLink(v));
        }
        if (canChange) {
            Button alias = new Button("Set alias…", VaadinIcon.TAG.create(), e -> aliasDialog(v));
            alias.setId("set-alias");
            alias.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            actions.add(alias);
        }
        if (canChange && v.passedGates() && CurrentUser.require().has(Role.DATA_SCIENTIST)) {
            Button deploy = new Button("Deploy…", VaadinIcon.ROCKET.create(), e -> UI.getCurrent().navigate("deployments/new",
                    com.vaadin.flow.router.QueryParameters.of("version", v.id().toString())));
            deploy.setId("deploy-version");
            deploy.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            deploy.setTooltipText("Serve this version: online or batch, released once its change request is approved");
            // the version's approval alone, without serving it (e.g. for a model served outside the portal)
            Button request = new Button("Request approval only…", VaadinIcon.CLIPBOARD_CHECK.create(), e -> new RequestChangeDialog(pipeline, v).open());
            request.setId("request-change");
            request.setTooltipText("Propose this version for staging or production as a change request, without deploying it");
            actions.add(deploy, request);
        }
        detail.add(actions);
        List<io.esteira.models.VersionDeployments.Release> live = pipeline.liveReleases(v.id());
        if (!live.isEmpty()) {
            Div monitoring = new Div(new Span("Live on "));
            monitoring.setId("version-monitoring");
            for (int i = 0; i < live.size(); i++) {
                io.esteira.models.VersionDeployments.Release r = live.get(i);
                Anchor link = new Anchor(io.esteira.shared.ui.MonitoringLinks.deployment(r.name(), model.areaId(), null),
                        r.name() + " (" + r.environment().name().toLowerCase(java.util.Locale.ROOT) + ")");
                link.setId("version-monitoring-" + r.name());
                link.getElement().setAttribute("title", "Monitoring of " + r.name());
                monitoring.add(link, new Span(i + 1 < live.size() ? ", " : ": see its monitoring."));
            }
            detail.add(monitoring);
        }

        detail.add(section("Way to production"), new PipelineView(pipeline.steps(model.id(), v.number()), people));
        detail.add(section("Change requests"), changeRequests(v));
        detail.add(section("Quality gates"), gates(v));
        detail.add(section("Metrics"), metrics(v));
        Div columns = new Div();
        columns.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fit, minmax(20rem, 1fr))")
                .set("gap", "var(--lumo-space-l)");
        columns.add(new Div(section("Signature"), signature(v)), new Div(section("Lineage"), lineage(v)));
        detail.add(columns);
        if (!v.parameters().isEmpty()) {
            Div parameters = new Div();
            parameters.setId("version-parameters");
            v.parameters().forEach((k, value) -> parameters.add(line(k + ": " + value)));
            detail.add(section("Parameters"), parameters);
        }
        Div card = new Div();
        card.setId("model-card");
        card.addClassNames(LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5);
        card.getStyle().set("overflow-wrap", "anywhere").set("max-width", "60rem");
        if (v.modelCard().isBlank()) {
            card.add(new Span("No model card."));
        } else {
            card.add(new Html(ModelCards.html(v.modelCard())));
        }
        detail.add(section("Model card"), card);
    }

    private Anchor artifactLink(VersionView v) {
        UUID modelId = model.id();
        int number = v.number();
        Anchor download = new Anchor((com.vaadin.flow.server.streams.DownloadEvent event) -> {
            ArtifactDownload artifact = registry.download(modelId, number);
            event.setFileName(artifact.fileName());
            event.setContentType("application/octet-stream");
            event.setContentLength(artifact.size());
            try (OutputStream out = event.getOutputStream()) {
                artifact.writer().accept(out);
            }
        }, "Download ONNX (" + size(v.artifactSize()) + ")");
        download.setId("download-artifact");
        return download;
    }

    private Component gates(VersionView v) {
        if (!v.gatesDone()) {
            Span running = new Span("Gates running: the artifact is loaded, checked against the features and thresholds, and tried on sample rows.");
            running.setId("gates-running");
            ProgressBar bar = new ProgressBar();
            bar.setIndeterminate(true);
            return new Div(running, bar);
        }
        Grid<GateResult> grid = new Grid<>(GateResult.class, false);
        grid.setId("gate-results");
        grid.addColumn(GateResult::title).setHeader("Gate").setWidth("13rem").setFlexGrow(0);
        grid.addComponentColumn(g -> {
            Span state = new Span(g.state().toLowerCase());
            state.getElement().getThemeList().add("badge pill " + switch (g.state()) {
                case "PASSED" -> "success";
                case "FAILED" -> "error";
                default -> "contrast";
            });
            return state;
        }).setHeader("Result").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(GateResult::message).setHeader("Details").setFlexGrow(1).setTooltipGenerator(GateResult::message);
        grid.addColumn(g -> g.durationMs() + " ms").setHeader("Took").setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(v.gateResults());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        Span when = new Span("Finished " + (v.gatesFinishedAt() == null ? "" : Formats.dateTime(v.gatesFinishedAt())) + ". "
                + (v.passedGates() ? "Every gate passed." : "Not every gate passed: this version cannot go to production."));
        when.setId("gates-summary");
        when.addClassNames(LumoUtility.FontSize.SMALL, v.passedGates() ? LumoUtility.TextColor.SUCCESS : LumoUtility.TextColor.ERROR);
        return new Div(when, grid);
    }

    /** This version's metrics beside the champion's (the version in production for now). */
    private Component metrics(VersionView v) {
        Optional<VersionView> champion = registry.production(model.id()).filter(c -> c.number() != v.number());
        Set<String> names = new TreeSet<>(v.metrics().keySet());
        champion.ifPresent(c -> names.addAll(c.metrics().keySet()));
        model.thresholds().forEach(t -> names.add(t.metric()));
        if (names.isEmpty()) {
            return line("No metrics reported.");
        }
        record Row(String metric, Double value, Double champion, String threshold) {
        }
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            String threshold = model.thresholds().stream().filter(t -> t.metric().equals(name)).map(Object::toString).findFirst().orElse("");
            rows.add(new Row(name, v.metrics().get(name), champion.map(c -> c.metrics().get(name)).orElse(null), threshold));
        }
        Grid<Row> grid = new Grid<>();
        grid.setId("version-metrics");
        grid.addColumn(Row::metric).setHeader("Metric").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(r -> r.value() == null ? "missing" : Formats.number(r.value(), 4)).setHeader("v" + v.number())
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> r.champion() == null ? "—" : Formats.number(r.champion(), 4))
                .setHeader(champion.map(c -> "Champion v" + c.number()).orElse("Champion")).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(r -> r.value() == null || r.champion() == null ? "" : signed(r.value() - r.champion()))
                .setHeader("Change").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(Row::threshold).setHeader("Threshold").setWidth("9rem").setFlexGrow(1);
        grid.setItems(rows);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.setMaxWidth("48rem");
        Div holder = new Div(grid);
        if (champion.isEmpty()) {
            holder.add(line(v.aliases().contains(ModelView.CHAMPION) ? "This version is the champion." : "No champion to compare with yet."));
        }
        return holder;
    }

    private static Component signature(VersionView v) {
        Div div = new Div();
        div.setId("version-signature");
        div.add(label("Inputs"));
        v.signature().inputs().forEach(t -> div.add(code(t)));
        div.add(label("Outputs"));
        v.signature().outputs().forEach(t -> div.add(code(t)));
        return div;
    }

    private Component lineage(VersionView v) {
        Div div = new Div();
        div.setId("version-lineage");
        div.add(label("Feature groups"));
        for (Lineage.FeatureGroupRef ref : v.lineage().featureGroups()) {
            Anchor link = new Anchor("feature-groups/" + ref.name(), ref.name() + " v" + ref.version());
            link.addClassNames(LumoUtility.Display.BLOCK);
            div.add(link);
        }
        if (v.lineage().trainingSet() != null) {
            div.add(label("Training set"), line(v.lineage().trainingSet()));
        }
        if (v.commit() != null) {
            div.add(label("Source commit"), line(v.commit()));
        }
        if (v.ciRunUrl() != null) {
            Anchor ci = new Anchor(v.ciRunUrl(), v.ciRunUrl(), AnchorTarget.BLANK);
            ci.getElement().setAttribute("rel", "noopener noreferrer");
            ci.getStyle().set("overflow-wrap", "anywhere");
            div.add(label("CI run"), ci);
        }
        Span registered = line(Formats.dateTime(v.registeredAt()) + " by ");
        registered.add(people.actorSpan(v.registeredBy()));
        div.add(label("Registered"), registered);
        div.add(label("Artifact"), line(v.format().equals("ONNX") ? "ONNX, " + size(v.artifactSize()) + " · SHA-256 " + v.sha256()
                : "external: " + v.artifactUri()));
        return div;
    }

    private void aliasDialog(VersionView v) {
        Dialog dialog = new Dialog();
        dialog.setId("alias-dialog");
        dialog.setHeaderTitle("Point an alias at v" + v.number());
        ComboBox<String> alias = new ComboBox<>("Alias");
        alias.setId("alias-name");
        Set<String> known = new LinkedHashSet<>(List.of(ModelView.CHAMPION, "challenger"));
        known.addAll(model.aliases().keySet());
        alias.setItems(known);
        alias.setAllowCustomValue(true);
        alias.addCustomValueSetListener(e -> alias.setValue(e.getDetail()));
        alias.setValue(ModelView.CHAMPION);
        alias.setHelperText("champion is the version in production");
        dialog.add(alias);
        Button next = new Button("Continue", e -> {
            String name = alias.getValue() == null ? "" : alias.getValue().strip().toLowerCase();
            if (name.isEmpty()) {
                alias.setErrorMessage("Name the alias");
                alias.setInvalid(true);
                return;
            }
            Integer current = model.aliases().get(name);
            ConfirmDialog confirm = new ConfirmDialog();
            confirm.setId("alias-confirm");
            confirm.setHeader("Point " + name + " at v" + v.number() + "?");
            confirm.setText(current == null ? name + " is a new alias of " + model.name() + "." : name + " points at v" + current + " now. The move is audited.");
            confirm.setCancelable(true);
            confirm.setConfirmText("Move " + name);
            confirm.addConfirmListener(c -> {
                try {
                    model = registry.moveAlias(model.id(), name, v.number());
                    Notices.success(name + " points at v" + v.number());
                    dialog.close();
                    versions.getDataProvider().refreshAll();
                    showVersion(v.number());
                } catch (InvalidRequestException ex) {
                    alias.setErrorMessage(ex.getMessage());
                    alias.setInvalid(true);
                } catch (ForbiddenException ex) {
                    Notices.error(ex.getMessage());
                }
            });
            confirm.open();
        });
        next.setId("alias-continue");
        next.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), next);
        dialog.open();
    }

    private static Component aliases(VersionSummary v) {
        Div div = new Div();
        div.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-xs)");
        v.aliases().forEach(a -> div.add(badge(a, "badge primary small pill")));
        return div;
    }

    private static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(theme);
        return badge;
    }

    private static H3 section(String title) {
        H3 h = new H3(title);
        h.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.SMALL);
        return h;
    }

    private static Span label(String text) {
        Span span = new Span(text);
        span.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK, LumoUtility.Margin.Top.SMALL);
        return span;
    }

    private static Span line(String text) {
        Span span = new Span(text);
        span.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.SMALL);
        span.getStyle().set("overflow-wrap", "anywhere");
        return span;
    }

    private static Span code(TensorSpec t) {
        Span span = line(t.toString());
        span.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)");
        return span;
    }

    private static String signed(double d) {
        return (d > 0 ? "+" : d < 0 ? "−" : "±") + Formats.number(Math.abs(d), 4);
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? Formats.number(bytes / 1024.0, 1) + " KiB" : Formats.number(bytes / 1048576.0, 1) + " MiB";
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        UI ui = attachEvent.getUI();
        unregister = updates.register(update -> {
            if (model != null && model.id().equals(update.modelId())) {
                ui.access(() -> {
                    model = registry.get(model.id());
                    sizeVersions();
                    versions.getDataProvider().refreshAll();
                    if (shown != null) {
                        showVersion(shown);
                    }
                });
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (unregister != null) {
            unregister.run();
            unregister = null;
        }
        super.onDetach(detachEvent);
    }
}
