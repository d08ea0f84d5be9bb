package io.esteira.shared.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.ui.AreaSwitcher.AreaOption;
import jakarta.annotation.security.PermitAll;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The portal's frame: product name, area switcher, signed-in user and sign-out in the header; the
 * side navigation built from the views' {@code @Menu} entries that the user's roles may open.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication, AreaSwitcher areas) {
        addToDrawer(navigation());
        addToNavbar(new DrawerToggle(), brand(), header(authentication, areas));
    }

    private static Component brand() {
        Span name = new Span("Esteira");
        name.setId("product-name");
        name.addClassNames(LumoUtility.FontWeight.BOLD, LumoUtility.FontSize.LARGE, LumoUtility.TextColor.PRIMARY,
                LumoUtility.Whitespace.NOWRAP);
        Span tagline = new Span("MLOps portal");
        tagline.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Display.HIDDEN,
                LumoUtility.Display.Breakpoint.Large.INLINE, LumoUtility.Whitespace.NOWRAP);
        HorizontalLayout brand = new HorizontalLayout(name, tagline);
        brand.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        brand.setSpacing(false);
        brand.addClassNames(LumoUtility.Gap.SMALL);
        return brand;
    }

    private static Component navigation() {
        Map<MenuGroup, List<MenuEntry>> groups = MenuConfiguration.getMenuEntries().stream()
                .collect(Collectors.groupingBy(e -> MenuGroup.of(e.order() == null ? 0 : e.order()),
                        () -> new EnumMap<>(MenuGroup.class), Collectors.toList()));
        Div navigation = new Div();
        navigation.setId("side-nav");
        navigation.addClassNames(LumoUtility.Padding.Top.MEDIUM);
        groups.forEach((group, entries) -> {
            SideNav nav = new SideNav();
            nav.setLabel(group.label());
            nav.addClassNames(LumoUtility.Margin.Horizontal.SMALL, LumoUtility.Margin.Bottom.MEDIUM);
            for (MenuEntry entry : entries) {
                SideNavItem item = entry.icon() == null ? new SideNavItem(entry.title(), entry.path())
                        : new SideNavItem(entry.title(), entry.path(), new Icon(entry.icon()));
                item.getElement().setAttribute("data-testid", "nav-" + (entry.path().isEmpty() ? "home" : entry.path().replace('/', '-')));
                nav.addItem(item);
            }
            navigation.add(nav);
        });
        return navigation;
    }

    private static Component header(AuthenticationContext authentication, AreaSwitcher areas) {
        SignedInUser user = CurrentUser.require();

        Select<AreaOption> area = new Select<>();
        area.setId("area-switcher");
        area.setAriaLabel("Business area");
        area.setItemLabelGenerator(AreaOption::name);
        List<AreaOption> choices = areas.choices();
        area.setItems(choices);
        areas.current().flatMap(c -> choices.stream().filter(o -> o.id().equals(c.id())).findFirst())
                .ifPresent(area::setValue);
        area.setVisible(!choices.isEmpty());
        area.setWidth("min(14rem, 42vw)");
        area.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                areas.choose(e.getValue().id());
                UI.getCurrent().refreshCurrentRoute(false);
            }
        });

        Span name = new Span(user.displayName());
        name.setId("current-user");
        name.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        Span roles = new Span(user.roles().stream().map(r -> r.name().replace('_', ' ').toLowerCase()).sorted()
                .collect(Collectors.joining(", ")));
        roles.setId("current-roles");
        roles.addClassNames(LumoUtility.FontSize.XSMALL, LumoUtility.TextColor.SECONDARY);
        VerticalLayout who = new VerticalLayout(name, roles);
        who.setSpacing(false);
        who.setPadding(false);
        who.addClassNames(LumoUtility.Display.HIDDEN, LumoUtility.Display.Breakpoint.Medium.FLEX);
        who.setWidth(null);

        Button signOut = new Button(VaadinIcon.SIGN_OUT.create(), e -> authentication.logout());
        Span signOutText = new Span("Sign out");
        signOutText.addClassNames(LumoUtility.Display.HIDDEN, LumoUtility.Display.Breakpoint.Medium.INLINE);
        signOut.getElement().appendChild(signOutText.getElement());
        signOut.setTooltipText("Sign out");
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        signOut.setAriaLabel("Sign out");

        HorizontalLayout header = new HorizontalLayout(area, who, signOut);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        header.addClassNames(LumoUtility.Padding.End.MEDIUM, LumoUtility.Gap.MEDIUM);
        header.setWidthFull();
        return header;
    }
}
