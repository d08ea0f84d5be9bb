package io.esteira.audit;

import static io.esteira.audit.AuditLog.csv;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit export is RFC 4180 CSV that a spreadsheet opens without running anything. */
class AuditLogCsvTest {

    @Test
    void an_empty_cell_stands_for_nothing() {
        assertThat(csv(null)).isEmpty();
        assertThat(csv("")).isEmpty();
    }

    @Test
    void plain_text_stays_as_it_is() {
        assertThat(csv("ds.credit")).isEqualTo("ds.credit");
        assertThat(csv("area.member-added")).isEqualTo("area.member-added");
        assertThat(csv("a = b")).isEqualTo("a = b");
    }

    @Test
    void a_comma_puts_the_cell_in_quotes() {
        assertThat(csv("Credit Risk, Lisbon")).isEqualTo("\"Credit Risk, Lisbon\"");
    }

    @Test
    void quotes_are_doubled_inside_quotes() {
        assertThat(csv("{\"name\":\"x\"}")).isEqualTo("\"{\"\"name\"\":\"\"x\"\"}\"");
        assertThat(csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void line_breaks_stay_inside_quotes() {
        assertThat(csv("line one\nline two")).isEqualTo("\"line one\nline two\"");
        assertThat(csv("line one\r\nline two")).isEqualTo("\"line one\r\nline two\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"})
    void a_cell_a_spreadsheet_would_run_as_a_formula_is_turned_into_text(String formula) {
        String cell = csv(formula);

        assertThat(cell).startsWith("\"'");
        assertThat(unquote(cell)).isEqualTo("'" + formula);
    }

    @Test
    void a_formula_character_later_in_the_text_is_harmless() {
        assertThat(csv("a=b")).isEqualTo("a=b");
        assertThat(csv("user@example.com")).isEqualTo("user@example.com");
    }

    private static String unquote(String cell) {
        return cell.substring(1, cell.length() - 1).replace("\"\"", "\"");
    }

    @Test
    void a_formula_after_a_semicolon_stays_inside_one_quoted_cell_for_semicolon_locales() {
        assertThat(csv("x;=HYPERLINK(\"http://evil\")")).isEqualTo("\"x;=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(csv("a\tb")).isEqualTo("\"a\tb\"");
    }
}
