package io.esteira.costs;

import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.areas.MemberSummary;
import io.esteira.costs.CloseEvents.StatementIssued;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.Formats;
import io.esteira.shared.security.SystemActor;
import java.util.List;
import java.util.Map;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells an area's managers that its statement is issued, in the portal and by e-mail when SMTP is set, with a
 * link to the PDF (notifications carry links, not attachments).
 */
@Component
class StatementMailer {

    private final AreaService areas;
    private final Notifications notifications;

    StatementMailer(AreaService areas, Notifications notifications) {
        this.areas = areas;
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(StatementIssued issued) {
        SystemActor.run(() -> {
            List<MemberSummary> managers = areas.members(issued.areaId()).stream().filter(m -> m.role() == AreaRole.MANAGER).toList();
            for (MemberSummary m : managers) {
                notifications.send(new NotificationRequest(issued.areaId(), m.userId(), "costs.statement-issued",
                        "Cost statement " + issued.number() + " for " + Formats.month(issued.month()) + ": " + StatementPdf.money(issued.total()) + " "
                                + issued.currency(),
                        "The cost statement of " + Formats.month(issued.month()) + " is issued: " + StatementPdf.money(issued.total()) + " "
                                + issued.currency() + ". The PDF and the hourly detail (FinOps FOCUS CSV) are in the portal.",
                        "/costs/statements", null,
                        Map.of("statement", issued.number(), "month", issued.month().toString(), "total", issued.total().toPlainString(),
                                "currency", issued.currency())));
            }
        });
    }
}
