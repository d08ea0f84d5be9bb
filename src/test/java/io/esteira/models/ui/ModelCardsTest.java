package io.esteira.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Model cards render Markdown, never the HTML or script a card carries. */
class ModelCardsTest {

    @Test
    void markdown_renders_and_raw_html_is_escaped() {
        String html = ModelCards.html("# Title\n\n**bold** and a [link](https://docs.bank.example/card)\n\n<script>alert(1)</script>\n\n"
                + "| metric | value |\n|---|---|\n| auc | 0.72 |");
        assertThat(html).startsWith("<div class=\"model-card\">").contains("<h1>Title</h1>").contains("<strong>bold</strong>")
                .contains("href=\"https://docs.bank.example/card\"").contains("rel=\"nofollow noopener noreferrer\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("<table>").doesNotContain("<script>");
    }

    @Test
    void unsafe_links_and_images_are_dropped() {
        String html = ModelCards.html("[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) "
                + "![i](javascript:alert(1)) [d](vbscript:x) [e](/feature-groups/latest_card_transaction) <iframe src=x></iframe> "
                + "<a href=\"javascript:alert(1)\">x</a>");
        // what is left of them is text, never an attribute or element
        assertThat(html.toLowerCase()).doesNotContain("href=\"javascript").doesNotContain("src=\"javascript").doesNotContain("href=\"data:")
                .doesNotContain("href=\"vbscript").doesNotContain("<iframe").contains("&lt;iframe");
        assertThat(html).contains("href=\"/feature-groups/latest_card_transaction\"");
    }

    @Test
    void images_come_from_the_portal_only() {
        assertThat(ModelCards.html("![roc](https://tracker.example/pixel.png)")).contains("src=\"\"").doesNotContain("tracker.example/pixel");
        assertThat(ModelCards.html("![roc](/images/roc.png)")).contains("src=\"/images/roc.png\"");
    }

    @Test
    void a_backslash_after_the_slash_cannot_send_a_link_or_an_image_to_another_host() {
        String html = ModelCards.html("[docs](/\\evil.example/login) ![roc](/\\evil.example/pixel.png) [tab](/\t/evil.example/x)"
                + " [enc](/%5Cevil.example/x)");

        assertThat(html).doesNotContain("evil.example/login\"").doesNotContain("src=\"/").doesNotContain("href=\"/");
        assertThat(html.toLowerCase()).doesNotContain("%5cevil").doesNotContain("\\evil");
    }
}
