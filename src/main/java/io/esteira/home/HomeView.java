package io.esteira.home;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.areas.AreaAccess;
import io.esteira.audit.AuditLog;
import io.esteira.audit.ChainVerification;
import io.esteira.costs.BudgetAlerts;
import io.esteira.costs.BudgetPlan;
import io.esteira.costs.Budgets;
import io.esteira.costs.CostForecasts;
import io.esteira.costs.Statements;
import io.esteira.shared.Formats;
import io.esteira.shared.Money;
import io.esteira.identity.ApiTokenService;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.ui.HomeTasks;
import io.esteira.shared.ui.chart.ChartData;
import io.esteira.shared.ui.chart.ChartData.SeriesData;
import io.esteira.shared.ui.chart.DataChart;
import jakarta.annotation.security.PermitAll;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Home: first what waits for the person (each module's {@link HomeTasks}: a reviewer's queue, a data scientist's
 * alerts, training and workspaces), then their areas and budgets, their own objects, and per role what needs them: a
 * manager's areas' month (spend so far, forecast, budget alerts, the months before, the last statement) from the costs
 * module. Real data only.
 */
@Route("")
@PageTitle("Home · Esteira")
@Menu(title = "Home", order = 0, icon = "vaadin:home")
@PermitAll
class HomeView extends VerticalLayout {

    /** The costs module's facades the home reads. */
    record Costs(Budgets budgets, CostForecasts forecasts, BudgetAlerts alerts, Statements statements) {
    }

    private final Clock clock;

    HomeView(AreaService areas, AreaAccess access, ApiTokenService tokens, AuditLog audit, Budgets budgets, CostForecasts forecasts,
            BudgetAlerts alerts, Statements statements, Clock clock, ObjectProvider<HomeTasks> tasks) {
        this.clock = clock;
        addClassName("view");
        setId("home-view");
        SignedInUser user = CurrentUser.require();
        H1 title = new H1("Welcome, " + user.displayName());
        title.addClassNames(LumoUtility.FontSize.XXLARGE);
        add(title);
        tasks.orderedStream().forEach(module -> module.forCurrentUser().ifPresent(s -> add(new TaskSection(s))));

        Costs costs = new Costs(budgets, forecasts, alerts, statements);
        List<AreaSummary> myAreas = areas.myAreas();
        Map<UUID, BudgetPlan> plans = new LinkedHashMap<>();
        myAreas.forEach(a -> plans.put(a.id(), budgets.get(a.id())));
        add(yourAreas(myAreas, plans, user));
        List<AreaSummary> managed = myAreas.stream().filter(a -> a.active() && access.canManage(a.id())).toList();
        if (!managed.isEmpty()) {
            add(areaCosts(managed, costs));
        }
        add(yourObjects(tokens));
        if (user.isAdmin()) {
            add(budgets(myAreas, plans));
        }
        if (user.has(Role.REVIEWER) || user.isAdmin()) {
            add(auditActivity(audit));
        }
        if (user.isAdmin()) {
            add(platform(areas));
        }
    }

    private Component yourAreas(List<AreaSummary> myAreas, Map<UUID, BudgetPlan> plans, SignedInUser user) {
        VerticalLayout section = section("Your areas", "home-areas");
        if (myAreas.isEmpty()) {
            section.add(emptyState(user.has(Role.REVIEWER)
                    ? "Reviewers are not members of an area: change requests from every area reach you in the approval queue."
                    : "You are not a member of any business area yet. Ask a platform administrator to add you to one; "
                            + "everything you create is paid for by an area."));
            return section;
        }
        FlexLayout cards = cards();
        for (AreaSummary area : myAreas) {
            Div card = card(area.name(), budget(plans.get(area.id())).format(Locale.UK), "monthly budget · " + area.code()
                    + (area.active() ? "" : " · inactive"));
            card.setId("area-card-" + area.code());
            cards.add(card);
        }
        section.add(cards);
        return section;
    }

    private Component yourObjects(ApiTokenService tokens) {
        VerticalLayout section = section("Your objects", "home-objects");
        Instant now = clock.instant();
        long activeTokens = tokens.mine().stream().filter(t -> "Active".equals(t.status(now))).count();
        Div card = card("API tokens", String.valueOf(activeTokens), "active");
        card.setId("count-api-tokens");
        card.add(new Anchor("settings/tokens", activeTokens == 0 ? "Create one for your CI pipeline" : "Manage tokens"));
        FlexLayout cards = cards();
        cards.add(card);
        section.add(cards);
        return section;
    }

    /** Each managed area's month: spend so far, forecast, budget alerts, the months before, its costs and last statement. */
    private Component areaCosts(List<AreaSummary> managed, Costs costs) {
        VerticalLayout section = section("Costs of the areas you manage", "home-costs");
        FlexLayout cards = cards();
        for (AreaSummary area : managed) {
            cards.add(new AreaCostCard(area, costs.forecasts().forecast(area.id(), null), costs.alerts().list(area.id()),
                    costs.statements().list(area.id()).stream().findFirst()));
        }
        section.add(cards);
        return section;
    }

    /** The area's monthly budget as the costs module holds it (its own, or the area's default). */
    private static Money budget(BudgetPlan plan) {
        return new Money(plan.area().amount(), Currency.getInstance(plan.currency()));
    }

    private Component budgets(List<AreaSummary> myAreas, Map<UUID, BudgetPlan> plans) {
        VerticalLayout section = section("Monthly budgets", "home-budgets");
        DataChart chart = new DataChart("budget-chart", "Monthly budget per area", DataChart.Kind.BAR,
                "No area budgets to show: there is no active area yet.");
        List<AreaSummary> withBudget = myAreas.stream().filter(AreaSummary::active).toList();
        String currency = withBudget.isEmpty() ? "EUR" : plans.get(withBudget.getFirst().id()).currency();
        List<AreaSummary> sameCurrency = withBudget.stream().filter(a -> plans.get(a.id()).currency().equals(currency)).toList();
        chart.show(new ChartData("Area", sameCurrency.stream().map(AreaSummary::name).toList(),
                List.of(new SeriesData("Budget (" + currency + ")",
                        sameCurrency.stream().map(a -> (BigDecimal) plans.get(a.id()).area().amount()).toList()))));
        section.add(chart);
        return section;
    }

    private Component auditActivity(AuditLog audit) {
        VerticalLayout section = section("Audit activity, last 14 days", "home-audit");
        Map<LocalDate, Long> perDay = audit.eventsPerDay(14);
        DataChart chart = new DataChart("audit-chart", "Audit events per day (UTC)", DataChart.Kind.BAR,
                "No audit events in the last 14 days.");
        chart.show(new ChartData("Day", perDay.keySet().stream().map(Formats::dayMonth).toList(),
                List.of(new SeriesData("Events", List.copyOf(perDay.values())))));
        chart.chart().addClickListener(e -> getUI().ifPresent(ui -> ui.navigate("audit")));
        section.add(chart);
        Span status = new Span(audit.lastVerification().map(HomeView::describe)
                .orElse("The audit chain has not been verified yet; an administrator can verify it on the audit page."));
        status.setId("home-chain-status");
        status.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        section.add(status, new Anchor("audit", "Open the audit log"));
        return section;
    }

    private Component platform(AreaService areas) {
        VerticalLayout section = section("Platform", "home-platform");
        FlexLayout cards = cards();
        Div areaCount = card("Business areas", String.valueOf(areas.count()), "defined");
        areaCount.add(new Anchor("admin/areas", "Manage areas"));
        cards.add(areaCount);
        section.add(cards);
        return section;
    }

    static String describe(ChainVerification v) {
        String when = Formats.dateTime(v.finishedAt());
        return v.intact() ? "Audit chain intact: " + Formats.count(v.checkedRows()) + " rows checked " + when + " (" + v.requestedBy() + ")."
                : "Audit chain BROKEN at row " + v.firstBrokenSeq() + ": " + v.reason() + " (checked " + when + ").";
    }

    private static VerticalLayout section(String heading, String id) {
        H2 h = new H2(heading);
        h.addClassNames(LumoUtility.FontSize.LARGE, LumoUtility.Margin.Bottom.SMALL);
        VerticalLayout section = new VerticalLayout(h);
        section.setId(id);
        section.setPadding(false);
        section.setSpacing(false);
        return section;
    }

    private static FlexLayout cards() {
        FlexLayout cards = new FlexLayout();
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.addClassNames(LumoUtility.Gap.MEDIUM);
        cards.setWidthFull();
        return cards;
    }

    private static Div card(String label, String value, String caption) {
        Span l = new Span(label);
        l.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Span v = new Span(value);
        v.addClassName("stat-value");
        Span c = new Span(caption);
        c.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        Div card = new Div(l, v, c);
        card.addClassNames("stat-card", LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN,
                LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.MEDIUM, LumoUtility.Background.CONTRAST_5);
        return card;
    }

    private static Paragraph emptyState(String text) {
        Paragraph p = new Paragraph(text);
        p.setId("empty-state");
        p.addClassNames(LumoUtility.TextColor.SECONDARY);
        return p;
    }
}
