package io.esteira.shared.ui;

import com.vaadin.flow.component.UI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The time zone of the person's browser, for pages that show times where they are (e.g. a change window). */
public final class BrowserZone {

    private BrowserZone() {
    }

    /** The browser's time zone, or UTC when the browser did not say. */
    public static ZoneId of(UI ui) {
        try {
            var details = ui.getPage().getExtendedClientDetails();
            String id = details == null ? null : details.getTimeZoneId();
            return id == null || id.isBlank() ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException | IllegalStateException e) {
            return ZoneOffset.UTC;
        }
    }
}
