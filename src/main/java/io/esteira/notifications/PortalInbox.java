package io.esteira.notifications;

import io.esteira.shared.ui.Inbox;
import org.springframework.stereotype.Component;

/** Feeds the header's bell. */
@Component
class PortalInbox implements Inbox {

    private final Notifications notifications;

    PortalInbox(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public long unreadCount() {
        return notifications.unreadCount();
    }
}
