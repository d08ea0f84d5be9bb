package io.esteira.training.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.shared.Formats;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training wizard's own checks and the screens' money: what a person reads next to a field or in a cost column. */
class TrainingWizardRulesTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void parameters_are_name_value_lines_and_a_wrong_line_is_named() {
        assertThat(TrainingJobWizardView.parameterProblem("C=0.5\n\nmax_iter = 200")).isNull();
        assertThat(TrainingJobWizardView.parametersOf("C=0.5\nmax_iter = 200\nformula=a=b")).containsEntry("C", "0.5")
                .containsEntry("max_iter", "200").containsEntry("formula", "a=b");
        assertThat(TrainingJobWizardView.parameterProblem("C 0.5")).isEqualTo("Line 1 is not name=value");
        assertThat(TrainingJobWizardView.parameterProblem("C=1\n2x=3")).startsWith("Line 2: 2x is not a name");
        assertThat(TrainingJobWizardView.parameterProblem("C=1\nC=2")).isEqualTo("C is given twice");
    }

    @Test
    void a_refused_field_takes_the_wizard_back_to_the_step_where_it_is_edited() {
        assertThat(TrainingJobWizardView.stepOf(List.of("name"))).isZero();
        assertThat(TrainingJobWizardView.stepOf(List.of("entrypoint"))).isEqualTo(1);
        assertThat(TrainingJobWizardView.stepOf(List.of("source.path"))).isEqualTo(1);
        assertThat(TrainingJobWizardView.stepOf(List.of("parameters"))).isEqualTo(2);
        assertThat(TrainingJobWizardView.stepOf(List.of("sql", "sizeCode"))).isEqualTo(3);
        assertThat(TrainingJobWizardView.stepOf(List.of("schedule.cron"))).isEqualTo(4);
        assertThat(TrainingJobWizardView.stepOf(List.of("budget"))).isEqualTo(5);
    }

    @Test
    void a_small_cost_never_reads_as_nothing() {
        assertThat(Formats.money(new BigDecimal("0.0001234"), EUR)).isEqualTo("€0.0001");
        assertThat(Formats.money(new BigDecimal("0.00001"), EUR)).isEqualTo("under €0.0001");
        assertThat(Formats.money(new BigDecimal("0.0083"), EUR)).isEqualTo("€0.0083");
        assertThat(Formats.money(new BigDecimal("1234.567"), EUR)).isEqualTo("€1,234.57");
        assertThat(Formats.money(BigDecimal.ZERO, EUR)).isEqualTo("€0.00");
        assertThat(Formats.duration(Duration.ofMillis(737))).isEqualTo("737 ms");
        assertThat(Formats.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
    }
}
