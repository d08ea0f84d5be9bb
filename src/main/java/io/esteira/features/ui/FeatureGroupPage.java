package io.esteira.features.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.ui.Breadcrumb;
import io.esteira.areas.AreaAccess;
import io.esteira.features.ColumnInfo.Kind;
import io.esteira.features.ColumnStatistics;
import io.esteira.features.FeatureDraft;
import io.esteira.features.FeatureAccess;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureReads;
import io.esteira.features.FeatureRefresher;
import io.esteira.features.OnlineFeatures;
import io.esteira.features.SampleRows;
import io.esteira.areas.AreaService;
import com.vaadin.flow.component.tabs.TabSheet;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.FeatureGroupView.VersionView;
import io.esteira.shared.Formats;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.BackgroundWork;
import io.esteira.shared.ui.Notices;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A feature group: its versions, schema, rules, statistics with histograms and freshness; sample
 * rows with personal data masked; its online values and refreshes; training sets; lineage and who
 * reads it; and requests for its personal data.
 */
@Route("feature-groups")
@PageTitle("Feature group · Esteira")
@PermitAll
class FeatureGroupPage extends VerticalLayout implements HasUrlParameter<String> {

    private final FeatureGroupService groups;
    private final AreaAccess access;
    private final FeatureRefresher refresher;
    private final OnlineFeatures online;
    private final FeatureReads reads;
    private final FeatureAccess featureAccess;
    private final AreaService areas;
    private int selectedTab;
    private final Div body = new Div();
    private FeatureGroupView group;
    private Select<VersionView> versionSelect;
    private Registration poll;
    private Span statisticsProgress;
    private final Clock clock;
    private final UserDirectory users;

    FeatureGroupPage(FeatureGroupService groups, AreaAccess access, FeatureRefresher refresher, OnlineFeatures online, FeatureReads reads,
            FeatureAccess featureAccess, AreaService areas, Clock clock, UserDirectory users) {
        this.clock = clock;
        this.users = users;
        this.groups = groups;
        this.access = access;
        this.refresher = refresher;
        this.online = online;
        this.reads = reads;
        this.featureAccess = featureAccess;
        this.areas = areas;
        addClassName("view");
        setId("feature-group-page");
        body.setWidthFull();
        add(body);
    }

    @Override
    public void setParameter(BeforeEvent event, String name) {
        try {
            group = groups.getByName(name);
        } catch (NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "There is no feature group " + name + " that you can see.");
            return;
        }
        render(group.versions().getFirst().number());
    }

    private void render(int number) {
        body.removeAll();
        H1 title = new H1(group.name());
        Span domain = new Span(new Text(group.domain() + " · owner "),
                new People(users).knowIds(java.util.List.of(group.ownerId())).span(group.ownerId(), group.owner()));
        domain.addClassNames(LumoUtility.TextColor.SECONDARY);
        body.add(new Breadcrumb(group.name(), "Feature store", "features"), title, domain, new Paragraph(group.description()));

        versionSelect = new Select<>();
        versionSelect.setId("feature-group-version");
        versionSelect.setLabel("Version");
        versionSelect.setItems(group.versions());
        versionSelect.setItemLabelGenerator(v -> "v" + v.number() + " · " + v.status().toLowerCase());
        VersionView version = group.versions().stream().filter(v -> v.number() == number).findFirst().orElse(group.versions().getFirst());
        versionSelect.setValue(version);
        versionSelect.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                render(e.getValue().number());
            }
        });
        HorizontalLayout actions = new HorizontalLayout(versionSelect);
        actions.setAlignItems(Alignment.END);
        if (access.canAct(group.areaId())) {
            if (version.status().equals("DRAFT")) {
                Button publish = new Button("Publish v" + version.number(), e -> act(() -> groups.publish(group.id(), version.number()),
                        "Version " + version.number() + " is published"));
                publish.setId("publish-version");
                publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
                publish.setEnabled(version.statisticsState().equals("DONE"));
                actions.add(publish);
            }
            if (!version.status().equals("DEPRECATED")) {
                Button deprecate = new Button("Deprecate", e -> act(() -> groups.deprecate(group.id(), version.number()),
                        "Version " + version.number() + " is deprecated"));
                deprecate.setId("deprecate-version");
                deprecate.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
                actions.add(deprecate);
            }
        }
        if (access.canAct(group.areaId()) && version.status().equals("PUBLISHED")) {
            Button refresh = new Button("Refresh now", e -> {
                try {
                    refresher.refreshNow(group.id());
                    Notices.success("Refreshing " + group.name() + ": the rules are checked and the online values rebuilt");
                } catch (InvalidRequestException ex) {
                    Notices.error(ex.getMessage());
                }
            });
            refresh.setId("refresh-now");
            refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            actions.add(refresh);
        }
        body.add(actions);

        Paragraph source = new Paragraph("From " + version.source() + ": " + version.query() + " · entity "
                + String.join(", ", version.entityKeys()) + " · event time " + version.eventTimeColumn());
        source.setId("feature-group-source");
        source.addClassNames(LumoUtility.FontSize.SMALL);
        body.add(source);

        Div schema = new Div(new H3("Features"), featuresGrid(version), new H3("Statistics"));
        schema.setWidthFull();
        switch (version.statisticsState()) {
            case "DONE" -> showStatistics(schema, version);
            case "FAILED" -> schema.add(error("Statistics failed: " + version.statisticsError()));
            default -> {
                Span progress = new Span(progressText(version));
                progress.setId("statistics-progress");
                statisticsProgress = progress;
                ProgressBar bar = new ProgressBar();
                bar.setIndeterminate(true);
                schema.add(progress, bar);
            }
        }
        TabSheet tabs = new TabSheet();
        tabs.setId("feature-group-tabs");
        tabs.setWidthFull();
        tabs.add("Schema and statistics", schema);
        tabs.add("Sample rows", lazy(() -> sample(version)));
        tabs.add("Online", lazy(() -> new OnlinePanel(group, version, refresher, online)));
        tabs.add("Training set", trainingSet(version));
        tabs.add("Lineage and readers", lazy(() -> new LineagePanel(group, access.canRead(group.areaId()) ? reads.readersOf(group) : null)));
        tabs.add("Personal data", lazy(() -> new AccessPanel(group, version, featureAccess, access, areas)));
        tabs.setSelectedIndex(Math.min(selectedTab, 5));
        tabs.addSelectedChangeListener(e -> selectedTab = tabs.getSelectedIndex());
        body.add(tabs);
        getUI().ifPresent(this::followProgress);
    }

    private static String progressText(VersionView version) {
        return version.rowsRead() == 0 ? "Computing statistics: waiting for the source's first rows"
                : "Computing statistics: " + Formats.count(version.rowsRead()) + " rows read so far";
    }

    /** While statistics run, the page polls for their progress; otherwise it stays quiet. */
    private void followProgress(com.vaadin.flow.component.UI ui) {
        VersionView shown = versionSelect == null ? null : versionSelect.getValue();
        boolean running = shown != null && (shown.statisticsState().equals("PENDING") || shown.statisticsState().equals("RUNNING"));
        ui.setPollInterval(running ? 1500 : -1);
    }

    private Grid<FeatureDraft> featuresGrid(VersionView version) {
        Grid<FeatureDraft> grid = new Grid<>(FeatureDraft.class, false);
        grid.setId("features-schema");
        grid.addColumn(FeatureDraft::name).setHeader("Feature").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(f -> f.type().name().toLowerCase()).setHeader("Type").setWidth("7rem").setFlexGrow(0);
        grid.addColumn(f -> f.unit() == null ? "" : f.unit()).setHeader("Unit").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(f -> {
            Span pii = new Span(f.pii() ? "PII" : "");
            if (f.pii()) {
                pii.getElement().getThemeList().add("badge error small");
            }
            return pii;
        }).setHeader("Personal data").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(FeatureGroupPage::rule).setHeader("Rule").setWidth("10rem").setFlexGrow(1);
        grid.addColumn(FeatureDraft::description).setHeader("Description").setWidth("14rem").setFlexGrow(2)
                .setTooltipGenerator(FeatureDraft::description);
        grid.setItems(version.features());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        return grid;
    }

    /**
     * Upload entity keys with times as CSV; get back, for each row, the latest feature values at or
     * before its time, as a CSV download.
     */
    private com.vaadin.flow.component.Component trainingSet(VersionView version) {
        String header = String.join(",", version.entityKeys()) + ",timestamp";
        Paragraph help = new Paragraph("Upload a CSV with the header " + header + " (times in ISO-8601, e.g. 2026-05-01T12:00:00Z). "
                + "Each row gets the latest values at or before its time, never one from its future.");
        help.addClassNames(LumoUtility.FontSize.SMALL);
        Div result = new Div();
        result.setId("training-result");
        BackgroundWork building = new BackgroundWork("training-work");
        com.vaadin.flow.component.UI ui = com.vaadin.flow.component.UI.getCurrent();
        com.vaadin.flow.component.upload.Upload upload = new com.vaadin.flow.component.upload.Upload(
                com.vaadin.flow.server.streams.UploadHandler.inMemory((metadata, bytes) -> ui.access(() -> {
                    result.removeAll();
                    String entities = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    // a point-in-time join over the whole source: in the background, with a Cancel that stops its query
                    building.start("Building the training set", progress -> groups.trainingSet(group.name(), version.number(), List.of(), entities),
                            csv -> {
                                byte[] out = csv.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                                long rows = csv.lines().count() - 1;
                                com.vaadin.flow.component.html.Anchor download = new com.vaadin.flow.component.html.Anchor(
                                        com.vaadin.flow.server.streams.DownloadHandler.fromInputStream(event -> new com.vaadin.flow.server.streams.DownloadResponse(
                                                new java.io.ByteArrayInputStream(out), group.name() + "-v" + version.number() + "-training-set.csv",
                                                "text/csv", out.length)), "Download the training set (" + Formats.count(rows) + " rows)");
                                download.setId("training-download");
                                result.add(download);
                            }, e -> result.add(error(e.getMessage())));
                })));
        upload.setId("training-upload");
        upload.setAcceptedFileTypes("text/csv", ".csv");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(10 * 1024 * 1024);
        upload.addFileRejectedListener(e -> Notices.error(e.getErrorMessage()));
        return new Div(help, upload, building, result);
    }

    static String rule(FeatureDraft f) {
        StringBuilder rule = new StringBuilder(f.notNull() ? "not null" : "");
        if (f.minValue() != null || f.maxValue() != null) {
            rule.append(rule.isEmpty() ? "" : ", ").append("in [").append(f.minValue() == null ? "−∞" : Formats.number(f.minValue(), 3))
                    .append(", ").append(f.maxValue() == null ? "∞" : Formats.number(f.maxValue(), 3)).append("]");
        }
        if (f.allowedValues() != null && !f.allowedValues().isEmpty()) {
            rule.append(rule.isEmpty() ? "" : ", ").append("one of ").append(String.join(", ", f.allowedValues()));
        }
        return rule.toString();
    }

    /** A tab whose content is built, and its queries run, only when it is first shown. */
    private static Div lazy(java.util.function.Supplier<com.vaadin.flow.component.Component> content) {
        Div holder = new Div();
        holder.setWidthFull();
        holder.addAttachListener(e -> {
            if (holder.getChildren().findAny().isEmpty()) {
                try {
                    holder.add(content.get());
                } catch (InvalidRequestException | io.esteira.shared.ForbiddenException | NotFoundException ex) {
                    holder.add(error(ex.getMessage()));
                }
            }
        });
        return holder;
    }

    /** The first rows of the source, read in the background when the tab opens: a slow source never freezes the page. */
    private com.vaadin.flow.component.Component sample(VersionView version) {
        Div result = new Div();
        result.setWidthFull();
        Span failure = io.esteira.shared.ui.WizardSteps.errorLine("sample-rows-error");
        BackgroundWork reading = new BackgroundWork("sample-rows-work");
        Button again = new Button("Read the sample rows again", com.vaadin.flow.component.icon.VaadinIcon.REFRESH.create());
        again.setId("sample-rows-run");
        again.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        reading.disabling(again);
        Runnable read = () -> {
            result.removeAll();
            failure.setText("");
            java.util.UUID groupId = group.id();
            reading.start("Reading the first 20 rows of the source", progress -> groups.sample(groupId, version.number(), 20),
                    sample -> result.add(sampleGrid(sample)), e -> io.esteira.shared.ui.WizardSteps.showError(failure, e));
        };
        again.addClickListener(e -> read.run());
        read.run();
        return new Div(reading, failure, result, again);
    }

    private static com.vaadin.flow.component.Component sampleGrid(SampleRows sample) {
        Grid<List<String>> grid = new Grid<>();
        grid.setId("sample-rows");
        for (int i = 0; i < sample.columns().size(); i++) {
            int index = i;
            grid.addColumn(row -> row.get(index) == null ? "" : row.get(index)).setHeader(sample.columns().get(i)
                    + (sample.masked().contains(sample.columns().get(i)) ? " (masked)" : "")).setAutoWidth(true).setResizable(true);
        }
        grid.setItems(sample.rows());
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        Paragraph note = new Paragraph("The first " + sample.rows().size() + " rows of the source as it is now"
                + (sample.masked().isEmpty() ? "." : "; personal data is masked."));
        note.addClassNames(LumoUtility.FontSize.SMALL);
        return new Div(note, grid);
    }

    private void showStatistics(Div body, VersionView version) {
        Map<String, ColumnStatistics> byName = version.statistics().stream().collect(Collectors.toMap(ColumnStatistics::name, s -> s));
        ColumnStatistics time = byName.get(version.eventTimeColumn());
        if (time != null && time.max() != null) {
            Span freshness = new Span("Latest event " + freshness(time.max()) + " · " + Formats.count(version.statisticsRows()) + " rows");
            freshness.setId("feature-group-freshness");
            body.add(freshness);
        }
        if (version.violations() > 0) {
            body.add(error(Formats.count(version.violations()) + " rule violations: this version cannot be published"));
        }
        body.add(new StatisticsTable(version.statistics(), version.features().stream().map(FeatureDraft::name).toList()));
    }

    /** The latest event time as people read it, and how long ago it was ("7 Dec 2026, 14:05 UTC (3 days ago)"); as stored when not a time. */
    private String freshness(String max) {
        Instant latest;
        try {
            latest = OffsetDateTime.parse(max.replace(' ', 'T')).toInstant();
        } catch (RuntimeException e) {
            try {
                latest = Instant.parse(max);
            } catch (RuntimeException notAnInstant) {
                return max;
            }
        }
        return Formats.dateTime(latest) + " (" + Duration.between(latest, clock.instant()).toDays() + " days ago)";
    }

    private static Span error(String text) {
        Span span = new Span(text);
        span.addClassNames(LumoUtility.TextColor.ERROR, LumoUtility.Display.BLOCK);
        return span;
    }

    private void act(java.util.function.Supplier<FeatureGroupView> action, String done) {
        try {
            group = action.get();
            Notices.success(done);
            render(versionSelect.getValue().number());
        } catch (InvalidRequestException e) {
            Notices.error(e.getMessage());
        }
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        followProgress(attachEvent.getUI());
        poll = attachEvent.getUI().addPollListener(e -> {
            if (group == null || versionSelect == null) {
                return;
            }
            VersionView shown = versionSelect.getValue();
            if (shown != null && (shown.statisticsState().equals("PENDING") || shown.statisticsState().equals("RUNNING"))) {
                group = groups.get(group.id());
                VersionView now = group.versions().stream().filter(v -> v.number() == shown.number()).findFirst().orElse(shown);
                if (now.statisticsState().equals(shown.statisticsState()) && statisticsProgress != null) {
                    // only the count moved: the rest of the page (an open tab's work among it) stays as it is
                    statisticsProgress.setText(progressText(now));
                } else {
                    render(shown.number());
                }
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (poll != null) {
            poll.remove();
        }
        detachEvent.getUI().setPollInterval(-1);
        super.onDetach(detachEvent);
    }

}
