package io.esteira.changes.ui;

import com.vaadin.flow.component.Html;
import java.util.List;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

/**
 * Markdown from another module (a model card) made safe to show: raw HTML in it is escaped, link
 * addresses are limited to safe schemes, images are shown as their description (nothing is loaded
 * from elsewhere), and what comes out passes an allow-list of tags before the browser sees it.
 */
final class SafeMarkdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new org.commonmark.renderer.html.UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return io.esteira.shared.SafeLinks.link(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return io.esteira.shared.SafeLinks.portalOnly(url);
                }
            })
            .nodeRendererFactory(context -> new NodeRenderer() {
                @Override
                public Set<Class<? extends Node>> getNodeTypes() {
                    return Set.of(Image.class);
                }

                @Override
                public void render(Node node) {
                    context.getWriter().text("[image: " + altText(node) + "]");
                }
            })
            .build();
    private static final Safelist ALLOWED = Safelist.relaxed().removeTags("img")
            .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer").addEnforcedAttribute("a", "target", "_blank");

    private SafeMarkdown() {
    }

    /** The HTML, cleaned, its headings moved down to sit under the page's own (h1 becomes h4): for tests and the component. */
    static String toHtml(String markdown) {
        org.jsoup.nodes.Document html = Jsoup.parseBodyFragment(Jsoup.clean(RENDERER.render(PARSER.parse(markdown == null ? "" : markdown)),
                ALLOWED));
        html.body().select("h1, h2, h3, h4, h5, h6").forEach(h -> h.tagName("h" + Math.min(6, Integer.parseInt(h.tagName().substring(1)) + 3)));
        html.outputSettings().prettyPrint(false);
        return html.body().html();
    }

    static Html render(String markdown) {
        Html html = new Html("<div class=\"evidence-markdown\">" + toHtml(markdown) + "</div>");
        html.getElement().getStyle().set("overflow-wrap", "anywhere");
        return html;
    }

    private static String altText(Node image) {
        StringBuilder alt = new StringBuilder();
        for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text text) {
                alt.append(text.getLiteral());
            }
        }
        return alt.isEmpty() ? "no description" : alt.toString();
    }
}
