package io.esteira.scheduling;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.features.QuerySources;
import io.esteira.shared.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** A fault after a parameter is placed where the person wrote it: parameters keep their width in the checked SQL. */
class SqlPositionTest {

    @Test
    void a_typo_after_a_parameter_is_reported_at_its_column_in_the_text_as_written() {
        String written = "select segment, count(*) as customers\nfrom bank.customers where customer_since <= ${run_date} grup by segment";
        assertThatThrownBy(() -> QuerySources.checkSelect(SqlParameters.of(written).sql()))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Unexpected word grup at line 2, column 57");
    }
}
