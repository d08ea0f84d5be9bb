package io.esteira.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafeLinksTest {

    /** Each of these a browser reads as another host (or as script), however it starts. */
    static final List<String> OFF_PORTAL = List.of(
            "/\\evil.example/x", "/\\/evil.example/x", "\\\\evil.example/x", "\\/evil.example/x", "//evil.example/x",
            "/\t/evil.example/x", "/\n/evil.example/x", "/\r/evil.example", "\u0000//evil.example", "/%5Cevil.example/x",
            "/%5cevil.example/x", "/%2F/evil.example", "%2F%2Fevil.example", "/%09/evil.example", "/%255Cevil.example",
            "/\u200b/evil.example", "/\u202e/evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "evil.example/x",
            "https:/\\evil.example", "https:evil.example");

    @Test
    void an_address_a_browser_reads_as_another_host_is_never_within_the_portal() {
        for (String url : OFF_PORTAL) {
            assertThat(SafeLinks.portalOnly(url)).as(url).isEmpty();
        }
    }

    @Test
    void backslashes_control_characters_and_their_encodings_are_refused_in_links_too() {
        for (String url : List.of("/\\evil.example/x", "https://portal\\@evil.example/", "https://evil.example/%5C..",
                "/\t/evil.example", "/%0a/evil.example", "javascript:alert(1)", "https:/\\evil.example", "https:evil.example")) {
            assertThat(SafeLinks.link(url)).as(url).isEmpty();
        }
    }

    @Test
    void portal_paths_anchors_and_ordinary_web_and_mail_links_pass_unchanged() {
        assertThat(SafeLinks.portalOnly("/images/roc.png")).isEqualTo("/images/roc.png");
        assertThat(SafeLinks.link("/feature-groups/latest_card_transaction")).isEqualTo("/feature-groups/latest_card_transaction");
        assertThat(SafeLinks.link("#metrics")).isEqualTo("#metrics");
        assertThat(SafeLinks.link("https://docs.bank.example/models?id=7#x")).isEqualTo("https://docs.bank.example/models?id=7#x");
        assertThat(SafeLinks.link("mailto:risk@bank.example")).isEqualTo("mailto:risk@bank.example");
        assertThat(SafeLinks.portalOnly("https://tracker.example/pixel.png")).isEmpty();
    }
}
