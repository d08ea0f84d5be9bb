package io.esteira.changes.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.Query;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeQueueFilter;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeState;
import io.esteira.changes.ChangeType;
import io.esteira.changes.Environment;
import io.esteira.shared.ui.People;
import java.time.Clock;
import io.esteira.shared.Formats;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/**
 * The list of change requests with its filters, loaded lazily page by page: the approval queue for
 * reviewers, the requests of their areas for data scientists and managers.
 */
class ChangeQueue extends VerticalLayout {

    enum Show {
        MINE("Awaiting my decision"), OPEN("Open: submitted or review due"), ALL("Everything");

        final String label;

        Show(String label) {
            this.label = label;
        }
    }

    enum Order {
        OLDEST("Waiting longest", Sort.by(Sort.Order.asc("waitingSince"), Sort.Order.asc("id"))),
        NEWEST("Newest first", Sort.by(Sort.Order.desc("submittedAt"), Sort.Order.asc("id")));

        final String label;
        final Sort sort;

        Order(String label, Sort sort) {
            this.label = label;
            this.sort = sort;
        }
    }

    private static final String ANY_AREA = "";

    private final ChangeQueries changes;
    private final Grid<ChangeRequestView> grid = new Grid<>(ChangeRequestView.class, false);
    private final Select<Show> show = new Select<>();
    private final MultiSelectComboBox<ChangeState> states = new MultiSelectComboBox<>("State");
    private final Select<ChangeType> type = new Select<>();
    private final Select<Environment> environment = new Select<>();
    private final Select<String> area = new Select<>();
    private final Select<Order> order = new Select<>();
    private final Clock clock;
    private final People people;

    ChangeQueue(ChangeQueries changes, Map<UUID, String> areaNames, List<Show> choices, Show initial, Clock clock, People people) {
        this.people = people;
        this.clock = clock;
        this.changes = changes;
        setPadding(false);
        setSizeFull();

        show.setId("queue-show");
        show.setLabel("Show");
        show.setItems(choices);
        show.setItemLabelGenerator(s -> s.label);
        show.setValue(initial);
        show.setVisible(choices.size() > 1);
        states.setId("queue-state");
        states.setItems(EnumSet.allOf(ChangeState.class));
        states.setItemLabelGenerator(ChangeLabels::words);
        states.setPlaceholder("Any");
        type.setId("queue-type");
        type.setLabel("Type");
        type.setItems(EnumSet.allOf(ChangeType.class));
        type.setItemLabelGenerator(ChangeLabels::words);
        type.setEmptySelectionAllowed(true);
        type.setEmptySelectionCaption("Any");
        environment.setId("queue-environment");
        environment.setLabel("Environment");
        environment.setItems(EnumSet.allOf(Environment.class));
        environment.setItemLabelGenerator(ChangeLabels::words);
        environment.setEmptySelectionAllowed(true);
        environment.setEmptySelectionCaption("Any");
        area.setId("queue-area");
        area.setLabel("Area");
        List<String> areaIds = new ArrayList<>();
        areaIds.add(ANY_AREA);
        areaNames.keySet().forEach(id -> areaIds.add(id.toString()));
        area.setItems(areaIds);
        area.setItemLabelGenerator(id -> id.isEmpty() ? "Any" : areaNames.getOrDefault(UUID.fromString(id), id));
        area.setValue(ANY_AREA);
        area.setVisible(areaNames.size() > 1);
        order.setId("queue-order");
        order.setLabel("Order");
        order.setItems(Order.values());
        order.setItemLabelGenerator(o -> o.label);
        order.setValue(Order.OLDEST);
        List.of(show, type, environment, area, order).forEach(s -> s.addValueChangeListener(e -> refresh()));
        states.addValueChangeListener(e -> refresh());
        show.setWidth("13.5rem");
        states.setWidth("9rem");
        type.setWidth("7.5rem");
        environment.setWidth("8.5rem");
        area.setWidth("8.5rem");
        order.setWidth("11rem");
        HorizontalLayout filters = new HorizontalLayout(show, states, type, environment, area, order);
        filters.setSpacing(false);
        filters.addClassNames(LumoUtility.Gap.SMALL);
        filters.setId("queue-filters");
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("queue-grid");
        // at least 11rem, so that a phone still shows the type and state beside it; it grows on wider screens
        grid.addComponentColumn(ChangeQueue::subject).setHeader("Change").setFlexGrow(3).setWidth("11rem");
        grid.addComponentColumn(c -> {
            Div badges = new Div(ChangeLabels.type(c.type()), new Span(" "), ChangeLabels.state(c.state()));
            return badges;
        }).setHeader("Type · state").setWidth("10.5rem").setFlexGrow(0);
        grid.addColumn(c -> ChangeLabels.words(c.environment())).setHeader("Environment").setWidth("7.5rem").setFlexGrow(0);
        grid.addColumn(people.rendererById(ChangeRequestView::requesterId, ChangeRequestView::requesterName)).setHeader("Requested by")
                .setWidth("8rem").setFlexGrow(1);
        grid.addComponentColumn(this::waiting).setHeader("Waiting").setWidth("8rem").setFlexGrow(0);
        grid.addColumn(ChangeQueue::needed).setHeader("Still needed").setFlexGrow(2).setWidth("10rem")
                .setTooltipGenerator(ChangeQueue::needed);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setItems(this::fetch);
        grid.addItemClickListener(e -> UI.getCurrent().navigate("changes/" + e.getItem().id()));
        grid.setSizeFull();
        emptyText();
        add(filters, grid);
    }

    private Stream<ChangeRequestView> fetch(Query<ChangeRequestView, Void> query) {
        return people.knowingIds(changes.queue(filter(), PageRequest.of(query.getPage(), query.getPageSize(), order.getValue().sort))
                .getContent(), ChangeRequestView::requesterId).stream();
    }

    private ChangeQueueFilter filter() {
        Set<ChangeState> chosen = states.getValue();
        if (chosen.isEmpty() && show.getValue() == Show.OPEN) {
            chosen = EnumSet.of(ChangeState.SUBMITTED, ChangeState.REVIEW_DUE);
        }
        return new ChangeQueueFilter(chosen, type.getValue(), area.getValue() == null || area.getValue().isEmpty() ? null
                : UUID.fromString(area.getValue()), environment.getValue(), show.getValue() == Show.MINE);
    }

    private void refresh() {
        emptyText();
        grid.getDataProvider().refreshAll();
    }

    private void emptyText() {
        grid.setEmptyStateText(switch (show.getValue()) {
            case MINE -> "Nothing awaits your decision. Change requests of every area come here when they are submitted; "
                    + "\"Show: Everything\" lists all of them.";
            case OPEN -> "No open change requests match these filters.";
            case ALL -> "No change requests match these filters.";
        });
    }

    private static Component subject(ChangeRequestView c) {
        Span label = new Span(c.subjectLabel());
        label.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        label.getStyle().set("overflow-wrap", "anywhere");
        Span where = new Span(c.areaName() + " · " + c.subjectType() + (c.emergencyRequested() ? " · emergency requested" : ""));
        where.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.BLOCK);
        Div cell = new Div(label, where);
        cell.setId("queue-row-" + c.id());
        return cell;
    }

    private static String needed(ChangeRequestView c) {
        return switch (c.state()) {
            case SUBMITTED -> c.stillNeeded();
            case APPROVED -> "Implementation, before " + Formats.dateTime(c.validUntil());
            case REVIEW_DUE -> "Review after implementation, due by " + Formats.dateTime(c.reviewDueAt());
            default -> "—";
        };
    }

    private Component waiting(ChangeRequestView c) {
        boolean waits = c.state() == ChangeState.SUBMITTED || c.state() == ChangeState.REVIEW_DUE;
        Span text = new Span(waits ? ChangeLabels.waiting(c.waitingSince(), clock.instant()) : "—");
        text.getElement().setAttribute("title", "Since " + Formats.dateTime(c.waitingSince()));
        return text;
    }
}
