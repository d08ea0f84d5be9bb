package io.esteira.changes.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangePolicy;
import io.esteira.changes.ChangeQueries;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.List;

/** The approval queue: by default, what awaits the signed-in reviewer's decision, the longest waiting first. */
@Route("approvals")
@PageTitle("Approvals · Esteira")
@Menu(title = "Approvals", order = 100, icon = "vaadin:check-square-o")
@RolesAllowed({Role.REVIEWER_NAME, Role.RISK_REVIEWER_NAME, Role.GOVERNANCE_REVIEWER_NAME, Role.ADMIN_NAME})
class ApprovalsView extends VerticalLayout {

    private final Clock clock;

    ApprovalsView(ChangeQueries changes, AreaService areas, Clock clock, UserDirectory users) {
        this.clock = clock;
        addClassName("view");
        setId("approvals-view");
        setSizeFull();
        SignedInUser me = CurrentUser.require();
        boolean decides = me.areaScope() == null && !ChangePolicy.kindsOf(me.roles()).isEmpty();
        Paragraph intro = new Paragraph(decides
                ? "Change requests of every area. Open one to read its evidence and approve or reject it; you never decide your own "
                        + "requests or changes to what you authored."
                : "Change requests of every area. Model-risk and governance reviewers decide them; you can read them and their history.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
        add(new H1("Approvals"), intro, new ChangeQueue(changes, areas.names(),
                decides ? List.of(ChangeQueue.Show.MINE, ChangeQueue.Show.OPEN, ChangeQueue.Show.ALL)
                        : List.of(ChangeQueue.Show.OPEN, ChangeQueue.Show.ALL),
                decides ? ChangeQueue.Show.MINE : ChangeQueue.Show.OPEN, clock, new People(users)));
    }
}
