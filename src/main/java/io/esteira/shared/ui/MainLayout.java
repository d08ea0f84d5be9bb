package io.esteira.shared.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
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
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.shared.Registration;
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
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The portal's frame: product name, area switcher, the notifications bell, signed-in user and
 * sign-out in the header; the side navigation built from the views' {@code @Menu} entries that the
 * user's roles may open. The bell's count and the menu counts are read again at every navigation, when a
 * view says the inbox changed, and when something arrives for the person ({@link LiveInbox}, through
 * server push, read off the UI thread); never by polling.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private final Inbox inbox;
    private final List<MenuCount> counts;
    private final Map<String, Span> countBadges = new java.util.HashMap<>();
    private final Button bell = new Button(VaadinIcon.BELL.create());
    private final Span unread = new Span();
    private Registration inboxChanges;
    private final LiveInbox live;
    private Registration arrivals;

    public MainLayout(AuthenticationContext authentication, AreaSwitcher areas, Inbox inbox,
            org.springframework.beans.factory.ObjectProvider<MenuCount> counts, LiveInbox live) {
        this.inbox = inbox;
        this.live = live;
        this.counts = counts.orderedStream().toList();
        addToDrawer(navigation());
        addToNavbar(new DrawerToggle(), brand(), header(authentication, areas));
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        showUnread();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        UI ui = event.getUI();
        inboxChanges = ComponentUtil.addListener(ui, Inbox.Changed.class, e -> showUnread());
        CurrentUser.get().ifPresent(user -> {
            SecurityContext context = SecurityContextHolder.getContext();
            arrivals = live.register(user.userId(), () -> Thread.ofVirtual().name("live-inbox").start(
                    new DelegatingSecurityContextRunnable(() -> {
                        try {
                            Counts counts = readCounts();
                            ui.access(() -> show(counts));
                        } catch (UIDetachedException gone) {
                            // the screen closed meanwhile
                        } catch (RuntimeException e) {
                            // the session ended or the database is away: the next navigation reads the counts again
                        }
                    }, context)));
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (inboxChanges != null) {
            inboxChanges.remove();
            inboxChanges = null;
        }
        if (arrivals != null) {
            arrivals.remove();
            arrivals = null;
        }
        super.onDetach(event);
    }

    /** The bell's unread count and each menu entry's count, read together. */
    private record Counts(long unread, Map<String, Long> menu) {
    }

    private Counts readCounts() {
        Map<String, Long> menu = new java.util.HashMap<>();
        for (MenuCount menuCount : counts) {
            if (countBadges.containsKey(bare(menuCount.path()))) {
                menu.put(menuCount.path(), menuCount.count());
            }
        }
        return new Counts(inbox.unreadCount(), menu);
    }

    private void showUnread() {
        show(readCounts());
    }

    private void show(Counts read) {
        for (MenuCount menuCount : counts) {
            Span badge = countBadges.get(bare(menuCount.path()));
            if (badge != null && read.menu().containsKey(menuCount.path())) {
                long n = read.menu().get(menuCount.path());
                badge.setText(n > 99 ? "99+" : String.valueOf(n));
                badge.setVisible(n > 0);
                badge.getElement().setAttribute("title", menuCount.describe(n));
                badge.getElement().setAttribute("aria-label", menuCount.describe(n));
            }
        }
        long count = read.unread();
        unread.setText(count > 99 ? "99+" : String.valueOf(count));
        unread.setVisible(count > 0);
        String label = count == 0 ? "Notifications, none unread" : "Notifications, " + count + " unread";
        bell.setAriaLabel(label);
        bell.setTooltipText(label);
    }

    private Component bell() {
        bell.setId("notifications-bell");
        bell.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        bell.addClickListener(e -> UI.getCurrent().navigate("notifications"));
        unread.setId("unread-count");
        unread.getElement().getThemeList().add("badge error primary small pill");
        // on the bell's top-right corner, leaving the bell itself visible
        unread.getStyle().set("position", "absolute").set("top", "0").set("right", "0").set("transform", "translate(30%, -10%)")
                .set("pointer-events", "none");
        unread.setVisible(false);
        Div holder = new Div(bell, unread);
        holder.getStyle().set("position", "relative").set("display", "inline-flex");
        return holder;
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

    private Component navigation() {
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
                String path = bare(entry.path());
                if (counts.stream().anyMatch(c -> bare(c.path()).equals(path))) {
                    Span badge = new Span();
                    badge.setId("menu-count-" + path.replace('/', '-'));
                    badge.getElement().getThemeList().add("badge contrast small pill");
                    badge.setVisible(false);
                    item.setSuffixComponent(badge);
                    countBadges.put(path, badge);
                }
                // a page under an entry (a deployment's monitoring under Monitoring) lights the entry, unless another entry is there
                item.setMatchNested(!entry.path().isEmpty() && MenuConfiguration.getMenuEntries().stream()
                        .noneMatch(other -> other.path().startsWith(entry.path() + "/")));
                nav.addItem(item);
            }
            navigation.add(nav);
        });
        return navigation;
    }

    /** A route's path without its leading slash, as menu entries and {@code @Route} may each write it. */
    private static String bare(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private Component header(AuthenticationContext authentication, AreaSwitcher areas) {
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
        area.setWidth("min(14rem, 34vw)"); // leaves a phone room for the bell and sign-out
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

        HorizontalLayout header = new HorizontalLayout(area, bell(), who, signOut);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.END);
        header.addClassNames(LumoUtility.Padding.End.MEDIUM, LumoUtility.Gap.MEDIUM);
        header.setWidthFull();
        return header;
    }
}
