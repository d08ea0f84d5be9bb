package io.esteira.notifications.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.notifications.NotificationView;
import io.esteira.notifications.Notifications;
import io.esteira.shared.Formats;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.ui.Inbox;
import io.esteira.shared.ui.Notices;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The signed-in person's notifications, newest first. Opening one marks it read and goes to its
 * page. Reached from the header's bell, which every page has, so it needs no menu entry. Each row
 * shows the subject, the body and a line with the area and when (UTC in the tooltip).
 */
@Route("notifications")
@PageTitle("Notifications · Esteira")
@PermitAll
class NotificationsView extends VerticalLayout {

    private final Notifications notifications;
    private final Grid<NotificationView> grid = new Grid<>(NotificationView.class, false);
    private final Button markAll = new Button("Mark all read", VaadinIcon.CHECK.create());
    private final Clock clock;

    NotificationsView(Notifications notifications, Clock clock) {
        this.clock = clock;
        this.notifications = notifications;
        addClassName("view");
        setId("notifications-view");
        setSizeFull();

        markAll.setId("mark-all-read");
        markAll.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        markAll.addClickListener(e -> markAllRead());
        HorizontalLayout title = new HorizontalLayout(new H1("Notifications"), markAll);
        title.setWidthFull();
        title.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        title.setWrap(true);
        title.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        grid.setId("notifications-grid");
        grid.addComponentColumn(NotificationsView::state).setHeader("").setWidth("4.5rem").setFlexGrow(0);
        grid.addComponentColumn(n -> message(n, clock.instant())).setHeader("Notification").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_NO_BORDER);
        grid.setItems(query -> notifications.list(VaadinSpringDataHelpers.toSpringPageRequest(query)).stream());
        grid.setEmptyStateText("No notifications yet. When something needs you (a scheduled query fails, a change request "
                + "waits for your decision, a model's monitoring raises an alert), it appears here and on the bell at the top.");
        grid.addItemClickListener(e -> open(e.getItem()));
        grid.setSizeFull();

        add(title, grid);
        showMarkAll();
    }

    private static Component state(NotificationView n) {
        Span state = new Span(n.read() ? "read" : "new");
        state.getElement().getThemeList().add(n.read() ? "badge contrast small" : "badge primary small");
        return state;
    }

    /** Subject, body, and a line with the area and when: one column that reads as well on a phone as on a desktop. */
    private static Component message(NotificationView n, Instant now) {
        Span subject = new Span(n.subject());
        subject.setId("notification-" + n.id());
        subject.addClassNames(LumoUtility.Display.BLOCK, n.read() ? LumoUtility.FontWeight.NORMAL : LumoUtility.FontWeight.SEMIBOLD);
        Div message = new Div(subject);
        if (!n.body().isBlank()) {
            Span body = new Span(n.body());
            body.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
            message.add(body);
        }
        Span when = new Span(ago(n.createdAt(), now));
        when.getElement().setAttribute("title", Formats.dateTime(n.createdAt()));
        Span meta = new Span(new Span(n.areaName() == null ? "Platform" : n.areaName()), new Span(" · "), when);
        meta.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.TERTIARY,
                LumoUtility.Margin.Top.XSMALL);
        message.add(meta);
        message.getStyle().set("overflow-wrap", "anywhere");
        return message;
    }

    /** "just now", "5 min ago", "3 h ago", then the date and time (UTC). */
    static String ago(Instant at, Instant now) {
        Duration age = Duration.between(at, now);
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toHours() < 24) {
            return age.toHours() + " h ago";
        }
        return Formats.dateTime(at);
    }

    private void open(NotificationView n) {
        UI ui = UI.getCurrent();
        if (!n.read()) {
            try {
                notifications.markRead(n.id());
            } catch (NotFoundException e) {
                Notices.error(e.getMessage());
            }
            Inbox.changed(ui);
        }
        if (n.link() != null) {
            ui.navigate(n.link().substring(1));
        } else {
            grid.getDataProvider().refreshAll();
            showMarkAll();
        }
    }

    private void markAllRead() {
        int marked = notifications.markAllRead();
        grid.getDataProvider().refreshAll();
        showMarkAll();
        Inbox.changed(UI.getCurrent());
        Notices.success(marked == 1 ? "1 notification marked read" : marked + " notifications marked read");
    }

    private void showMarkAll() {
        markAll.setEnabled(notifications.unreadCount() > 0);
    }
}
