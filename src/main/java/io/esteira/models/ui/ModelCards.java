package io.esteira.models.ui;

import io.esteira.shared.SafeLinks;
import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Model cards are Markdown written by pipelines and people, shown to reviewers: rendered with raw
 * HTML escaped (a {@code <script>} shows as text), links only to http, https and mailto addresses
 * or within the portal, and images only from the portal itself (a card must not make a reviewer's
 * browser call other hosts); anything else (javascript:, data:, vbscript:) is dropped.
 */
public final class ModelCards {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SafeUrls())
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (tag.equals("a")) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            })
            .build();

    private ModelCards() {
    }

    /** Safe HTML of the card, one {@code <div>} element. */
    public static String html(String markdown) {
        Node document = PARSER.parse(markdown == null ? "" : markdown);
        return "<div class=\"model-card\">" + RENDERER.render(document) + "</div>";
    }

    private static final class SafeUrls implements UrlSanitizer {

        @Override
        public String sanitizeLinkUrl(String url) {
            return SafeLinks.link(url);
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return SafeLinks.portalOnly(url);
        }
    }
}
