package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The statement's PDF renderer as an attacker would try it: names are text, and nothing outside is ever fetched. */
class StatementPdfTest {

    @Test
    void markup_in_a_name_is_printed_as_text() throws Exception {
        String name = "<img src=\"file:///etc/passwd\"/><b>Credit</b> & \"Risk\"";
        byte[] pdf = StatementPdf.renderHtml("<html><body><p>" + StatementPdf.esc(name) + "</p></body></html>");
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("<img src=\"file:///etc/passwd\"/><b>Credit</b> & \"Risk\"");
        }
    }

    @Test
    void the_renderer_fetches_no_file_even_from_markup_that_slipped_through(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.css");
        Files.writeString(secret, "p::before { content: 'LEAKED-SECRET'; }");
        Path picture = dir.resolve("picture.svg");
        Files.writeString(picture, "<svg xmlns='http://www.w3.org/2000/svg'><text>LEAKED-SVG</text></svg>");
        byte[] pdf = StatementPdf.renderHtml("<html><head><link rel=\"stylesheet\" href=\"" + secret.toUri() + "\"/></head><body>"
                + "<p>statement</p><img src=\"" + picture.toUri() + "\"/></body></html>");
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("statement").doesNotContain("LEAKED");
        }
    }
}
