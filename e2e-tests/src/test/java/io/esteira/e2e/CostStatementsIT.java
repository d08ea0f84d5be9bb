package io.esteira.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import io.esteira.costs.MonthlyClose;
import io.esteira.shared.security.SystemActor;
import java.nio.file.Files;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A manager reads the area's statement of the last closed month (closed by the demo's cost history) and
 * downloads it as PDF and FOCUS CSV; a data scientist of the same area has no statements to open.
 */
class CostStatementsIT extends PortalIT {

    @Autowired
    MonthlyClose close;
    @Autowired
    io.esteira.costs.SharedPools pools;
    @Autowired
    io.esteira.areas.AreaService areas;
    @Autowired
    io.esteira.costs.Statements statements;
    @Autowired
    io.esteira.costs.BudgetAlerts alerts;

    @Test
    void a_manager_downloads_the_closed_month_statement_and_a_data_scientist_cannot_open_statements() throws Exception {
        // the demo's cost history closes last month as the close job does on the 2nd, with the month's platform overhead
        // ("Portal and database", shared evenly by the areas billed in euros, so that every such area has a statement)
        YearMonth month = DemoCosts.awaitHistory(areas, statements, alerts, close);
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> pools.pools(month)))
                .anySatisfy(p -> org.assertj.core.api.Assertions.assertThat(p.name()).isEqualTo("Portal and database"));
        org.assertj.core.api.Assertions.assertThat(SystemActor.call(() -> close.close(month)).alreadyClosed())
                .as("closing it again does nothing").isTrue();

        signIn("manager.credit");
        page.navigate("/costs/statements");
        Locator grid = page.locator("#statements-grid");
        String prefix = "ST-" + month + "-CREDIT-";
        assertThat(grid).containsText(prefix);
        Locator pdf = page.locator("#statements-grid a[id^='pdf-" + prefix + "']").first();
        Download download = page.waitForDownload(pdf::click);
        byte[] bytes = Files.readAllBytes(download.path());
        org.assertj.core.api.Assertions.assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).startsWith(prefix).endsWith(".pdf");
        // the PDF's first page as the manager sees it, beside the screenshots
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(bytes)) {
            org.assertj.core.api.Assertions.assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document))
                    .contains(prefix, "Credit Risk", "Portal and database");
            java.awt.image.BufferedImage first = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 110);
            java.nio.file.Path png = SCREENSHOTS.resolve("cost-statement-pdf.png");
            Files.createDirectories(png.getParent());
            javax.imageio.ImageIO.write(first, "png", png.toFile());
        }
        Download csv = page.waitForDownload(() -> page.locator("#statements-grid a[id^='csv-" + prefix + "']").first().click());
        org.assertj.core.api.Assertions.assertThat(Files.readString(csv.path())).startsWith("BilledCost").contains(prefix, "Portal and database");
        screenshot("cost-statements");
        page.setViewportSize(390, 844);
        screenshot("cost-statements-phone");
        page.setViewportSize(1280, 800);

        switchTo("ds.credit");
        page.navigate("/costs/statements");
        assertThat(page.locator("#statements-view")).hasCount(0);
    }
}
