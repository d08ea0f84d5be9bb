package io.esteira.features.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.features.FeatureGroupView;
import io.esteira.features.ReaderView;
import io.esteira.shared.Formats;
import java.util.List;

/**
 * Where the group's values come from and where they go: source → versions → readers (people who
 * built training sets, applications that look values up online). Models and deployments join the
 * right-hand side when the model registry records the feature groups a version was trained on.
 */
class LineagePanel extends Div {

    /** @param readers null when the viewer is outside the group's area, which alone sees who reads it */
    LineagePanel(FeatureGroupView group, List<ReaderView> readers) {
        setId("lineage-panel");
        setWidthFull();
        HorizontalLayout flow = new HorizontalLayout();
        flow.setId("lineage");
        flow.setAlignItems(Alignment.CENTER);
        flow.getStyle().set("flex-wrap", "wrap");
        List<String> sources = group.versions().stream().map(v -> v.source() + "\n" + v.query()).distinct().toList();
        flow.add(node("Source", sources));
        flow.add(arrow());
        flow.add(node("Feature group", group.versions().stream().map(v -> group.name() + " v" + v.number() + " · " + v.status().toLowerCase()).toList()));
        flow.add(arrow());
        if (readers == null) {
            flow.add(node("Read by", List.of("Shown to " + group.domain() + " only")));
            add(flow);
            return;
        }
        List<String> consumers = readers.stream().map(r -> r.reader() + " · " + r.channel()).distinct().toList();
        flow.add(node("Read by", consumers.isEmpty() ? List.of("Nobody yet") : consumers));
        add(flow);

        add(new H4("Who reads it"));
        if (readers.isEmpty()) {
            add(new Paragraph("Nobody has read its values yet. Training sets and online lookups are counted here."));
            return;
        }
        Grid<ReaderView> grid = new Grid<>(ReaderView.class, false);
        grid.setId("feature-readers");
        grid.addColumn(ReaderView::reader).setHeader("Reader").setFlexGrow(1);
        grid.addColumn(r -> r.readerType().toLowerCase()).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(ReaderView::channel).setHeader("Channel").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.count(r.reads())).setHeader("Reads").setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.count(r.rows())).setHeader("Rows").setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> Formats.dateTime(r.lastReadAt())).setHeader("Last read").setAutoWidth(true).setFlexGrow(0);
        grid.setItems(readers);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        add(grid);
    }

    private static Div node(String title, List<String> lines) {
        Span heading = new Span(title);
        heading.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Div node = new Div(heading);
        for (String line : lines) {
            Span text = new Span(line);
            text.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.SMALL);
            text.getStyle().set("white-space", "pre-line").set("overflow-wrap", "anywhere");
            node.add(text);
        }
        node.addClassNames(LumoUtility.Border.ALL, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Padding.SMALL);
        node.getStyle().set("max-width", "18rem").set("min-width", "10rem");
        return node;
    }

    private static Span arrow() {
        Span arrow = new Span("→");
        arrow.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.TextColor.SECONDARY);
        return arrow;
    }

}
