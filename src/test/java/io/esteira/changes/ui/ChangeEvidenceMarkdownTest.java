package io.esteira.changes.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A model card's Markdown reaches the reviewer's browser without anything that runs or loads from elsewhere. */
class ChangeEvidenceMarkdownTest {

    @Test
    void markdown_is_rendered_with_raw_html_escaped() {
        String html = SafeMarkdown.toHtml("# Card\n\nScores **applications**.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>");
        assertThat(html).contains("<h4>Card</h4>").contains("<strong>applications</strong>");
        assertThat(html).doesNotContain("<script").doesNotContain("<img");
        assertThat(html).contains("&lt;script&gt;").contains("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void links_keep_safe_schemes_only_and_images_are_described_not_loaded() {
        String html = SafeMarkdown.toHtml("[docs](https://example.org/card) [bad](javascript:alert(1)) ![ROC curve](https://tracker.example/p.png)");
        assertThat(html).contains("href=\"https://example.org/card\"").contains("rel=\"nofollow noopener noreferrer\"");
        assertThat(html).doesNotContain("javascript:");
        assertThat(html).contains("[image: ROC curve]").doesNotContain("tracker.example");
    }

    @Test
    void tables_are_rendered() {
        assertThat(SafeMarkdown.toHtml("| metric | value |\n|---|---|\n| AUC | 0.81 |")).contains("<table>").contains("<td>0.81</td>");
    }
}
