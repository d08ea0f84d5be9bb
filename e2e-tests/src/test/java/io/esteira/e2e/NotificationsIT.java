package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.identity.IdentityService;
import io.esteira.identity.NewLocalUser;
import io.esteira.notifications.NotificationRequest;
import io.esteira.notifications.Notifications;
import io.esteira.shared.security.Role;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A notification for ds.credit, sent through the running portal's own service as the platform
 * would: the bell of the page already open counts it at once (server push), the inbox lists it, opening
 * it goes to its page and marks it read.
 */
class NotificationsIT extends PortalIT {

    @Autowired
    IdentityService identity;
    @Autowired
    Notifications notifications;
    @Autowired
    UserDirectory directory;
    @Autowired
    AreaService areas;

    private void notify(String username, String subject, String body, String link) {
        UUID recipient = directory.findByUsername(username).orElseThrow().id();
        SystemActor.run(() -> {
            UUID credit = areas.myAreas().stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
            notifications.send(new NotificationRequest(credit, recipient, "schedule.run-failed", subject, body, link, null, null));
        });
    }

    private Locator bell() {
        return page.locator("#notifications-bell");
    }

    private Locator unread() {
        return page.locator("#unread-count");
    }

    private Locator grid() {
        return page.locator("#notifications-grid");
    }

    @Test
    void the_bell_counts_a_new_notification_and_opening_it_marks_it_read() {
        signIn("ds.credit");
        page.navigate("/notifications");
        if (page.locator("#mark-all-read").isEnabled()) {
            page.locator("#mark-all-read").click(); // whatever earlier journeys left for ds.credit
        }
        assertThat(unread()).isHidden();

        String subject = "Schedule segment-counts failed " + UUID.randomUUID().toString().substring(0, 6);
        notify("ds.credit", subject, "The query timed out after 60 s (attempt 2 of 2). The target table was left as it was.", "/schedules");
        assertThat(unread()).hasText("1"); // on the page already open, without a reload
        page.navigate("/");
        assertThat(unread()).hasText("1");
        assertThat(bell()).hasAttribute("aria-label", "Notifications, 1 unread");
        screenshot("notifications-bell");

        bell().click();
        page.waitForURL(url -> url.endsWith("/notifications"));
        assertThat(grid()).containsText(subject);
        assertThat(grid()).containsText("Credit Risk · just now");
        assertThat(grid()).containsText("new");
        screenshot("notifications-list");

        String longSubject = "Monitoring alert: the population stability index of feature monthly_income_band_after_tax_and_benefits "
                + "on model credit-scoring-gradient-boosting-v17 crossed 0.25 in three consecutive daily windows " + UUID.randomUUID();
        notify("ds.credit", longSubject, "Drift of this size usually means the applicant mix changed; retraining is recommended. "
                + "See the monitoring page for the distributions before and after.", null);
        page.navigate("/notifications");
        assertThat(grid()).containsText(longSubject.substring(0, 40));
        assertThat(unread()).hasText("2");
        screenshot("notifications-long-subject");

        grid().getByText(subject).click();
        page.waitForURL(url -> url.endsWith("/schedules"));
        assertThat(unread()).hasText("1");

        page.navigate("/notifications");
        // earlier journeys may have left ds.credit notifications of their own, read since
        assertThat(grid().getByText("read", new Locator.GetByTextOptions().setExact(true)).first()).isVisible();
        assertThat(grid().getByText("new", new Locator.GetByTextOptions().setExact(true))).isVisible();
        page.locator("#mark-all-read").click();
        assertThat(unread()).isHidden();
        assertThat(page.locator("#mark-all-read")).isDisabled();
        assertThat(bell()).hasAttribute("aria-label", "Notifications, none unread");
        screenshot("notifications-all-read");
    }

    @Test
    void someone_without_notifications_sees_what_will_appear_there() {
        // a reviewer who reviews no kind of change: nothing earlier journeys did notifies them
        String username = "auditor-" + UUID.randomUUID().toString().substring(0, 8);
        SystemActor.run(() -> identity.createLocalUser(new NewLocalUser(username, "Irene Auditor", null, "a long password 123",
                java.util.Set.of(Role.REVIEWER))));
        login().signIn(username, "a long password 123");
        bell().click();
        page.waitForURL(url -> url.endsWith("/notifications"));
        assertThat(grid()).containsText("No notifications yet");
        assertThat(page.locator("#mark-all-read")).isDisabled();
        screenshot("notifications-empty");
    }

    @Test
    void the_bell_fits_the_header_on_a_phone() {
        notify("manager.credit", "Budget of Credit Risk 80% used", "Credit Risk has used 80% of this month's budget.", null);
        BrowserContext phone = newContext(390, 844);
        Page small = phone.newPage();
        try {
            new LoginPage(small).open().signIn("manager.credit", "demo");
            assertThat(small.locator("#unread-count")).isVisible();
            screenshot(small, "notifications-bell-phone");
            small.locator("#notifications-bell").click();
            small.waitForURL(url -> url.endsWith("/notifications"));
            assertThat(small.locator("#notifications-grid")).containsText("Budget of Credit Risk");
            screenshot(small, "notifications-phone");
        } finally {
            phone.close();
        }
    }
}
