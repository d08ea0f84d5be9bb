package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeRequestDraft;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.changes.Environment;
import io.esteira.identity.Accounts;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.security.SystemActor;
import io.esteira.shared.security.UserDirectory;
import io.esteira.support.TestChangeSubjects;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A data scientist's change request (to a subject of the test tree's {@link TestChangeSubjects}, as
 * the model registry will provide), approved in the browser by the model-risk reviewer and then the
 * governance reviewer; the requester sees it approved. A reviewer who authored the subject sees why
 * they may not decide.
 */
class ApprovalsIT extends PortalIT {

    @Autowired
    ChangeSubmissions changeSubmissions;
    @Autowired
    TestChangeSubjects subjects;
    @Autowired
    AreaService areas;
    @Autowired
    UserDirectory directory;
    @Autowired
    Accounts accounts;

    @Test
    void the_risk_and_governance_reviewers_approve_and_the_requester_sees_it_approved() {
        signIn("reviewer.risk2");
        page.navigate("/approvals");
        assertThat(page.locator("#queue-grid")).containsText("Nothing awaits your decision");
        assertThat(page.locator("#menu-count-approvals")).isHidden();
        screenshot("approvals-empty");
        page.navigate("/");
        assertThat(page.locator("#home-review-queue")).containsText("Nothing waits for your review.");

        UUID credit = SystemActor.call(() -> areas.myAreas().stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id)
                .findFirst().orElseThrow());
        String label = "credit-limit-recommender-for-small-business-overdrafts v12 (champion candidate, retrained on Q2)";
        String subject = subjects.create(credit, label, 1, Set.of());
        Instant start = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        ChangeRequestView change = as("ds.credit", () -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, subject,
                Environment.PRODUCTION, false, "Retrained on Q2 applications: AUC 0.83 against 0.79 for the version in production",
                start, start.plus(Duration.ofHours(3)), "Point the champion alias back at v11; no data migration to undo")));
        String authoredLabel = "fraud-card-not-present v4";
        String authored = subjects.create(credit, authoredLabel, 2, Set.of(directory.findByUsername("reviewer.risk").orElseThrow().id()));
        ChangeRequestView blocked = as("ds.credit", () -> changeSubmissions.submit(new ChangeRequestDraft(TestChangeSubjects.TYPE, authored,
                Environment.STAGING, false, "New velocity features from the card transactions table", null, null, null)));

        // the model-risk reviewer: the queue, the evidence, a comment is required, the approval
        switchTo("reviewer.risk");
        page.navigate("/approvals");
        assertThat(page.locator("#queue-grid")).containsText(label);
        assertThat(page.locator("#menu-count-approvals")).hasText(java.util.regex.Pattern.compile("[1-9][0-9]*\\+?"));
        assertThat(page.locator("#menu-count-approvals")).hasAttribute("title", java.util.regex.Pattern.compile("awaits? your review"));
        assertThat(page.locator("#queue-grid")).containsText("waiting");
        screenshot("approvals-queue");
        // home leads with the same queue, its count, and the way to all of it
        page.navigate("/");
        assertThat(page.locator("#home-review-queue-count")).hasText(java.util.regex.Pattern.compile("[1-9][0-9,]*"));
        assertThat(page.locator("#home-review-queue .home-task").first()).containsText("waiting");
        screenshot("home-reviewer-queue");
        page.locator("#home-review-queue a", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Open the approval queue")).click();
        page.waitForURL(url -> url.endsWith("/approvals"));
        page.locator("#queue-row-" + change.id()).click();
        page.waitForURL(url -> url.endsWith("/changes/" + change.id()));
        assertThat(page.locator("#change-state")).hasText("Submitted");
        assertThat(page.locator("#change-type")).hasText("Normal");
        assertThat(page.locator("#change-type-reason")).containsText("Risk tier 1 to production");
        assertThat(page.locator("#change-still-needed")).containsText("A model-risk reviewer and a governance reviewer");
        assertThat(page.locator("#evidence-0 h4")).hasText(label);
        assertThat(page.locator("#evidence-0")).containsText("<script>alert('x')</script>");
        assertThat(page.locator("#evidence-0 script")).hasCount(0);
        assertThat(page.locator("#evidence-1 vaadin-grid")).containsText("onnx-loads");
        page.locator("#approve-change").click();
        assertThat(page.locator("#decision-comment")).containsText("Write why you decide so");
        page.locator("#decision-comment textarea").fill("Model card and gates read; the AUC gain holds on the hold-out set");
        screenshot("change-request-detail");
        page.locator("#approve-change").click();
        assertThat(page.locator("#change-still-needed")).containsText("A governance reviewer");
        assertThat(page.locator("#change-decisions")).containsText("Rita Moreira (model-risk) approved");
        assertThat(page.locator("#decision-blocked")).containsText("You approved this request already");
        screenshot("change-request-after-risk-approval");

        // a change to what they authored: the reason instead of the buttons
        page.navigate("/changes/" + blocked.id());
        assertThat(page.locator("#approve-change")).isDisabled();
        assertThat(page.locator("#decision-blocked")).containsText("You are an author of " + authoredLabel);
        screenshot("change-request-author-blocked");

        // the governance reviewer completes it
        switchTo("reviewer.gov");
        page.navigate("/approvals");
        assertThat(page.locator("#queue-grid")).containsText(label);
        page.locator("#queue-row-" + change.id()).click();
        page.waitForURL(url -> url.endsWith("/changes/" + change.id()));
        page.locator("#decision-comment textarea").fill("Governance: documentation complete, owner and rollback agreed");
        page.locator("#approve-change").click();
        assertThat(page.locator("#change-state")).hasText("Approved");
        assertThat(page.locator("#change-timeline")).containsText("request approved");

        // the requester sees it approved, with its history, and cannot decide it
        switchTo("ds.credit");
        page.navigate("/changes");
        assertThat(page.locator("#queue-grid")).containsText(label);
        screenshot("change-requests-of-my-areas");
        page.navigate("/changes/" + change.id());
        assertThat(page.locator("#change-state")).hasText("Approved");
        assertThat(page.locator("#change-implementation")).containsText("to be implemented before");
        assertThat(page.locator("#decision-panel")).hasCount(0);
        assertThat(page.locator("#change-timeline li")).hasCount(4);
        screenshot("change-request-approved-requester");

        // another area's data scientist finds nothing
        switchTo("ds.fraud");
        page.navigate("/changes/" + change.id());
        assertThat(page.locator("#not-found-view")).isVisible();
    }

    /** Runs work as the named person, signed in the way the portal signs them in. */
    private <T> T as(String username, Supplier<T> work) {
        SignedInUser user = accounts.signedInUser(directory.findByUsername(username).orElseThrow().id(), null, null);
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
