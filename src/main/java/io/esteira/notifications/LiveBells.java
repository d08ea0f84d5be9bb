package io.esteira.notifications;

import io.esteira.notifications.NotificationEvents.NotificationSent;
import io.esteira.shared.ui.LiveInbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** A notification stored for someone rings their bell on the screens they have open, once it is committed. */
@Component
class LiveBells {

    private final LiveInbox live;

    LiveBells(LiveInbox live) {
        this.live = live;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void ring(NotificationSent sent) {
        live.changed(sent.recipientId());
    }
}
