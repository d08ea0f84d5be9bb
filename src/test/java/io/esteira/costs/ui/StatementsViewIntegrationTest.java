package io.esteira.costs.ui;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.MANAGER_CREDIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.select.Select;
import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.Statements;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The statements page builds for a manager (their areas only) and an administrator (every area). */
@IntegrationTest
class StatementsViewIntegrationTest {

    @Autowired
    Statements statements;
    @Autowired
    AreaService areas;
    @Autowired
    AreaAccess access;
    @Autowired
    Personas personas;

    @Test
    void a_manager_picks_among_the_areas_they_manage_and_an_administrator_among_all() {
        StatementsView managers = personas.call(MANAGER_CREDIT, () -> new StatementsView(statements, areas, access));
        Select<?> picker = (Select<?>) managers.getChildren().filter(c -> "statements-area".equals(c.getId().orElse(null))).findFirst()
                .orElseThrow();
        assertThat(((AreaSummary) picker.getValue()).code()).isEqualTo("CREDIT");
        assertThat(picker.getListDataView().getItems().map(a -> ((AreaSummary) a).code())).containsExactly("CREDIT");
        StatementsView admins = personas.call(ADMIN, () -> new StatementsView(statements, areas, access));
        Select<?> all = (Select<?>) admins.getChildren().filter(c -> "statements-area".equals(c.getId().orElse(null))).findFirst()
                .orElseThrow();
        assertThat(all.getListDataView().getItems().count()).isGreaterThanOrEqualTo(3);
    }
}
