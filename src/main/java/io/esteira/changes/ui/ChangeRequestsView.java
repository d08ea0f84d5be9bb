package io.esteira.changes.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.changes.ChangeQueries;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.UserDirectory;
import io.esteira.shared.ui.People;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The change requests of the signed-in user's areas, where they stand. */
@Route("changes")
@PageTitle("Change requests · Esteira")
@Menu(title = "Change requests", order = 45, icon = "vaadin:exchange")
@RolesAllowed({Role.DATA_SCIENTIST_NAME, Role.MANAGER_NAME})
class ChangeRequestsView extends VerticalLayout {

    private final Clock clock;

    ChangeRequestsView(ChangeQueries changes, AreaService areas, Clock clock, UserDirectory users) {
        this.clock = clock;
        addClassName("view");
        setId("change-requests-view");
        setSizeFull();
        Paragraph intro = new Paragraph("The change requests of your areas. They are made where the change is (a model version's page, "
                + "or a pipeline through /api/v1/change-requests); reviewers decide them.");
        intro.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.NONE);
        Map<UUID, String> mine = new LinkedHashMap<>();
        areas.myAreas().forEach(a -> mine.put(a.id(), a.name()));
        add(new H1("Change requests"), intro, new ChangeQueue(changes, mine, List.of(ChangeQueue.Show.ALL, ChangeQueue.Show.OPEN),
                ChangeQueue.Show.ALL, clock, new People(users)));
    }
}
