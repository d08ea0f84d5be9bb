package io.esteira.shared.ui;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;

/** What the header's bell needs: the signed-in user's unread notifications; implemented by the notifications module. */
public interface Inbox {

    long unreadCount();

    /** Tells the header of this UI that the count may have changed (e.g. after "Mark all read"), so it reads it again. */
    static void changed(UI ui) {
        ComponentUtil.fireEvent(ui, new Changed(ui));
    }

    final class Changed extends ComponentEvent<UI> {

        public Changed(UI source) {
            super(source, false);
        }
    }
}
