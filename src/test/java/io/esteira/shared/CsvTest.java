package io.esteira.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "-", "+", "=", "-1e5x", "--1"})
    void a_cell_a_spreadsheet_would_run_as_a_formula_becomes_quoted_text(String formula) {
        assertThat(Csv.cell(formula)).isEqualTo("\"'" + formula.replace("\"", "\"\"") + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-12.50", "+3", "-.5", "1e-5", "-2E+10", "42", "a=b", "user@example.com"})
    void numbers_and_harmless_text_stay_as_they_are(String value) {
        assertThat(Csv.cell(value)).isEqualTo(value);
    }
}
