package io.esteira.shared.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.Csv;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * "Export CSV" of a table as shown: the rows are taken when the table is filled, so the download
 * (which runs outside the UI's lock) reads nothing but them.
 */
public final class CsvDownload {

    private CsvDownload() {
    }

    public static Anchor link(String id, String fileName, List<String> header, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        rows.forEach(r -> line(csv, r));
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Anchor link = new Anchor(DownloadHandler.fromInputStream(e -> new DownloadResponse(new ByteArrayInputStream(bytes), fileName,
                "text/csv;charset=UTF-8", bytes.length)), "");
        com.vaadin.flow.component.icon.Icon icon = VaadinIcon.DOWNLOAD_ALT.create();
        icon.setSize("var(--lumo-icon-size-s)");
        link.add(icon, new com.vaadin.flow.component.html.Span("Export CSV"));
        link.getStyle().set("white-space", "nowrap");
        link.getElement().setAttribute("download", true);
        link.setId(id);
        link.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.Display.INLINE_FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.XSMALL);
        link.getElement().setAttribute("aria-label", "Export CSV: " + fileName);
        return link;
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(Csv.cell(cells.get(i)));
        }
        csv.append("\r\n");
    }
}
