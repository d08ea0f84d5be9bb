package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.esteira.areas.AreaDraft;
import io.esteira.areas.AreaRole;
import io.esteira.areas.AreaService;
import io.esteira.audit.AuditEntry;
import io.esteira.audit.AuditFilter;
import io.esteira.audit.AuditLog;
import io.esteira.changes.ChangeQueueFilter;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.Environment;
import io.esteira.identity.Accounts;
import io.esteira.identity.IdentityService;
import io.esteira.identity.NewLocalUser;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.NotificationView;
import io.esteira.notifications.Notifications;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.TestChangeSubjects;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The main lists hold their layout with a long name and 1,000 rows, on a desktop and on a phone: the page never scrolls
 * sideways, the header and the state column stay in view, the grid pages lazily to its last row, and the long name wraps.
 * The rows belong to a person and an area of their own, so that no other journey counts them: the change requests are
 * standard changes (risk tier 3 to staging, approved by policy), which wait for no reviewer and notify none.
 */
class ListsAtScaleIT extends PortalIT {

    static final int ROWS = 1000;
    static final String PASSWORD = "lists at scale 12345";
    /** About 150 characters, the first 66 without a space: what a generated identifier looks like in a subject. */
    static final String LONG = "credit_limit_recommender_for_small_business_overdrafts_retrained_q2 with the applicant mix of the "
            + "second quarter and the new bureau features";

    @Autowired
    IdentityService identity;
    @Autowired
    AreaService areas;
    @Autowired
    Accounts accounts;
    @Autowired
    Notifications notifications;
    @Autowired
    ChangeSubmissions submissions;
    @Autowired
    ChangeQueries changes;
    @Autowired
    TestChangeSubjects subjects;
    @Autowired
    AuditLog audit;

    /** Seeded once for the class's tests. */
    private static final String DISPLAY_NAME = "Lena Scale";
    private static String username;
    private static UUID userId;
    private static UUID areaId;
    private static UUID userOf;

    @BeforeEach
    void seedOnce() {
        synchronized (ListsAtScaleIT.class) {
            if (username != null) {
                return;
            }
            long started = System.nanoTime();
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            String name = "lists.scale." + suffix;
            SystemActor.run(() -> {
                userId = identity.createLocalUser(new NewLocalUser(name, DISPLAY_NAME, null, PASSWORD,
                        Set.of(Role.DATA_SCIENTIST, Role.REVIEWER))).id();
                areaId = areas.create(new AreaDraft("SCALE_" + suffix.toUpperCase(), "Lists at scale " + suffix, "CC-SCALE",
                        new BigDecimal("1000000"), "EUR", true)).id();
                areas.addMember(areaId, userId, AreaRole.DATA_SCIENTIST);
            });
            userOf = userId;
            // the notifications beside the change requests, in a thread of their own: seeding is most of this class's time
            var sending = java.util.concurrent.CompletableFuture.runAsync(() -> SystemActor.run(() -> {
                for (int i = 1; i < ROWS; i++) {
                    notifications.send(new NotificationRequest(areaId, userId, "lists.scale", "Scheduled query scale-%04d finished".formatted(i),
                            "Wrote 1,204 rows to area_scale.segment_counts.", null, null, null));
                }
            }));
            as(() -> {
                for (int i = 1; i <= ROWS; i++) {
                    if (i == ROWS) {
                        sending.join(); // the long name last: the newest request and notification
                    }
                    String label = i == ROWS ? LONG + " " + suffix : "scale-%04d v1".formatted(i);
                    String subject = subjects.create(areaId, label, 3, Set.of());
                    submissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject, Environment.STAGING, false,
                            "Refreshed on the latest month of applications", null, null, null));
                }
                return null;
            });
            SystemActor.run(() -> notifications.send(new NotificationRequest(areaId, userId, "lists.scale", LONG + " " + suffix,
                    "Wrote 1,204 rows to area_scale.segment_counts.", null, null, null)));
            System.out.printf("ListsAtScaleIT: submitted %d change requests and sent %d notifications in %d s%n", ROWS, ROWS,
                    (System.nanoTime() - started) / 1_000_000_000);
            username = name;
        }
    }

    @Test
    void notifications_hold_with_1000_rows_and_a_long_subject() {
        // each standard change tells its requester it was approved, after the commit: wait until those stop coming
        long started = System.nanoTime();
        long total = 0;
        for (int stable = 0, round = 0; stable < 3 && round < 120; round++) {
            long now = as(() -> notifications.list(PageRequest.of(0, 1)).getTotalElements());
            stable = now == total ? stable + 1 : 0;
            total = now;
            page.waitForTimeout(1000);
        }
        System.out.printf("ListsAtScaleIT: %d notifications for the person, settled in %d s%n", total,
                (System.nanoTime() - started) / 1_000_000_000);
        long count = total;
        NotificationView oldest = as(() -> notifications.list(PageRequest.of((int) count - 1, 1)).getContent().getFirst());
        eachSize("list-notifications-1000", "/notifications", "#notifications-grid", page -> {
            Locator grid = page.locator("#notifications-grid");
            assertHeaderVisible(page, grid, "Notification");
            assertThat(grid.getByText(LONG.substring(0, 40)).first()).isVisible();
            assertThat(grid.locator("vaadin-grid-cell-content").getByText("new", new Locator.GetByTextOptions().setExact(true)).first())
                    .isVisible();
            assertCellInView(page, grid, "new");
            scrollToEnd(page, grid, ROWS);
            assertThat(grid.getByText(oldest.subject()).first()).isVisible();
        });
    }

    /** The last row of the queue showing everything, oldest waiting first (the order the queue opens with). */
    private ChangeRequestView lastInQueue() {
        ChangeQueueFilter everything = new ChangeQueueFilter(Set.of(), null, null, null, false);
        long total = as(() -> changes.queue(everything, PageRequest.of(0, 1)).getTotalElements());
        return as(() -> changes.queue(everything, PageRequest.of((int) total - 1, 1,
                Sort.by(Sort.Order.asc("waitingSince"), Sort.Order.asc("id")))).getContent().getFirst());
    }

    private static String start(String label) {
        return label.substring(0, Math.min(40, label.length()));
    }

    @Test
    void change_requests_hold_with_1000_rows_and_a_long_name() {
        ChangeRequestView last = lastInQueue();
        eachSize("list-changes-1000", "/changes", "#queue-grid", page -> {
            Locator grid = page.locator("#queue-grid");
            assertHeaderVisible(page, grid, "Change");
            assertHeaderVisible(page, grid, "Type · state");
            assertCellInView(page, grid, "Approved");
            // oldest waiting first: the long name, submitted last, is the last row of the seeded ones
            scrollToEnd(page, grid, ROWS);
            assertThat(grid.getByText(start(last.subjectLabel())).first()).isVisible();
            assertThat(grid.getByText(LONG.substring(0, 40)).first()).isVisible();
            assertNoSidewaysScroll(page);
        });
    }

    @Test
    void the_approval_queue_holds_with_everything_shown() {
        ChangeRequestView last = lastInQueue();
        eachSize("list-approvals-1000", "/approvals", "#queue-grid", page -> {
            page.locator("#queue-show").click();
            page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText("Everything")).click();
            Locator grid = page.locator("#queue-grid");
            assertHeaderVisible(page, grid, "Change");
            assertHeaderVisible(page, grid, "Type · state");
            assertCellInView(page, grid, "Approved");
            scrollToEnd(page, grid, ROWS);
            assertThat(grid.getByText(start(last.subjectLabel())).first()).isVisible();
            assertNoSidewaysScroll(page);
        });
    }

    @Test
    void the_audit_log_holds_with_a_person_s_thousand_events() {
        // the audit log records the submissions after their commit: wait until all of them are in
        AuditFilter mine = new AuditFilter(null, null, username, null, null, null, null, null);
        long deadline = System.currentTimeMillis() + 120_000;
        int count = 0;
        while (System.currentTimeMillis() < deadline) {
            count = SystemActor.call(() -> countAll(mine));
            if (count >= ROWS) {
                break;
            }
            page.waitForTimeout(1000);
        }
        org.assertj.core.api.Assertions.assertThat(count).as("audit events of " + username).isGreaterThanOrEqualTo(ROWS);
        int expected = count;
        eachSize("list-audit-1000", "/audit", "#audit-grid", page -> {
            page.locator("#filter-actor input").fill(username);
            page.locator("#filter-actor input").press("Tab");
            Locator grid = page.locator("#audit-grid");
            assertThat(grid.getByText(DISPLAY_NAME).first()).isVisible(); // the actor by display name, the user name on hover
            assertHeaderVisible(page, grid, "Time");
            assertHeaderVisible(page, grid, "Outcome");
            assertCellInView(page, grid, "SUCCESS");
            scrollToEnd(page, grid, expected);
            assertNoSidewaysScroll(page);
        });
    }

    private int countAll(AuditFilter filter) {
        int count = 0;
        List<AuditEntry> batch;
        do {
            batch = audit.search(filter, count, 500);
            count += batch.size();
        } while (batch.size() == 500);
        return count;
    }

    /** Signs the seeded person in at 1280×800 and on a phone (390×844), opens the list and checks it at both sizes. */
    private void eachSize(String shot, String path, String gridSelector, Consumer<Page> checks) {
        long started = System.nanoTime();
        new LoginPage(page).open().signIn(username, PASSWORD);
        check(page, shot, path, gridSelector, checks);
        BrowserContext phone = newContext(390, 844);
        try {
            Page small = phone.newPage();
            new LoginPage(small).open().signIn(username, PASSWORD);
            check(small, shot + "-phone", path, gridSelector, checks);
        } finally {
            phone.close();
        }
        System.out.printf("ListsAtScaleIT: %s checked at both sizes in %d s%n", path, (System.nanoTime() - started) / 1_000_000_000);
    }

    private static void check(Page page, String shot, String path, String gridSelector, Consumer<Page> checks) {
        page.navigate(path);
        page.locator(gridSelector).waitFor();
        assertNoSidewaysScroll(page);
        checks.accept(page);
        assertNoSidewaysScroll(page);
        // room for rows, not only the header, whatever the filters above take
        org.assertj.core.api.Assertions.assertThat(page.locator(gridSelector).boundingBox().height).as("the grid's height on " + shot)
                .isGreaterThanOrEqualTo(200);
        // the shot from the top of the list, where a person starts
        page.evaluate("s => document.querySelector(s).scrollToIndex(0)", gridSelector);
        screenshot(page, shot);
    }

    static void assertNoSidewaysScroll(Page page) {
        Object wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> sizes = (List<?>) wide;
        org.assertj.core.api.Assertions.assertThat(((Number) sizes.get(0)).intValue())
                .as("the page's width against the window's (" + page.url() + ")")
                .isLessThanOrEqualTo(((Number) sizes.get(1)).intValue() + 1);
    }

    /** The header cell with the text lies wholly inside the grid and the window, without scrolling the grid sideways. */
    static void assertHeaderVisible(Page page, Locator grid, String header) {
        Locator cell = grid.locator("vaadin-grid-cell-content").getByText(header, new Locator.GetByTextOptions().setExact(true)).first();
        assertThat(cell).isVisible();
        assertInsideGrid(page, grid, cell, "header " + header);
    }

    /** A body cell with the text (a state) lies wholly inside the grid and the window. */
    static void assertCellInView(Page page, Locator grid, String text) {
        Locator cell = grid.locator("vaadin-grid-cell-content").getByText(text, new Locator.GetByTextOptions().setExact(true)).first();
        assertThat(cell).isVisible();
        assertInsideGrid(page, grid, cell, "cell " + text);
    }

    private static void assertInsideGrid(Page page, Locator grid, Locator cell, String what) {
        var box = cell.boundingBox();
        var frame = grid.boundingBox();
        int width = page.viewportSize().width;
        org.assertj.core.api.Assertions.assertThat(box.x).as(what + " starts inside the grid").isGreaterThanOrEqualTo(Math.max(0, frame.x) - 1);
        org.assertj.core.api.Assertions.assertThat(box.x + box.width).as(what + " ends inside the grid and the window")
                .isLessThanOrEqualTo(Math.min(width, frame.x + frame.width) + 1);
    }

    /**
     * Scrolls the grid to its end until it learns no more rows (the lists load page by page and do not count first), then
     * checks that it knows at least the expected rows and that its last row is drawn.
     */
    static void scrollToEnd(Page page, Locator grid, int atLeast) {
        int size = -1;
        for (int round = 0; round < 60; round++) {
            page.waitForFunction("g => !g.hasAttribute('loading')", grid.elementHandle());
            int now = ((Number) grid.evaluate("g => { g.scrollToIndex(g.size - 1); return g.size; }")).intValue();
            page.waitForTimeout(300);
            page.waitForFunction("g => !g.hasAttribute('loading')", grid.elementHandle());
            int after = ((Number) grid.evaluate("g => g.size")).intValue();
            if (now == after && after == size) {
                break;
            }
            size = after;
        }
        org.assertj.core.api.Assertions.assertThat(size).as("rows the grid learned by scrolling").isGreaterThanOrEqualTo(atLeast);
        grid.evaluate("g => g.scrollToIndex(g.size - 1)");
        page.waitForFunction("g => !g.hasAttribute('loading') && [...g.shadowRoot.querySelectorAll('#items tr')]"
                + ".some(r => r.index === g.size - 1 && !r.hidden)", grid.elementHandle());
    }

    /** Runs work as the seeded person, signed in the way the portal signs them in. */
    private <T> T as(Supplier<T> work) {
        SignedInUser user = accounts.signedInUser(userOf, null, null);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
