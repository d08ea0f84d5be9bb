package io.esteira.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An amount is kept to its currency's minor unit, rounded half to even (banker's rounding). */
class MoneyTest {

    @Test
    void euros_are_kept_to_the_cent() {
        assertThat(Money.of("12", "EUR").amount()).isEqualTo(new BigDecimal("12.00"));
        assertThat(Money.of("12.345", "EUR").amount()).isEqualTo(new BigDecimal("12.34"));
        assertThat(Money.of("12.355", "EUR").amount()).isEqualTo(new BigDecimal("12.36"));
        assertThat(Money.of("12.3451", "EUR").amount()).isEqualTo(new BigDecimal("12.35"));
    }

    @Test
    void a_currency_without_minor_unit_is_kept_whole() {
        assertThat(Money.of("100.5", "JPY").amount()).isEqualTo(new BigDecimal("100"));
        assertThat(Money.of("101.5", "JPY").amount()).isEqualTo(new BigDecimal("102"));
    }

    @Test
    void a_currency_with_three_decimals_keeps_them() {
        assertThat(Money.of("1.2345", "BHD").amount()).isEqualTo(new BigDecimal("1.234"));
    }

    @Test
    void the_same_amount_written_differently_is_equal() {
        assertThat(Money.of("10", "EUR")).isEqualTo(Money.of("10.000", "EUR"));
        assertThat(Money.of("10", "EUR")).isNotEqualTo(Money.of("10", "USD"));
    }

    @Test
    void negative_amounts_are_allowed_for_credits_and_refunds() {
        assertThat(Money.of("-3.333", "EUR").amount()).isEqualTo(new BigDecimal("-3.33"));
    }

    @Test
    void amount_and_currency_are_required() {
        assertThatThrownBy(() -> new Money(null, Currency.getInstance("EUR")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1", "EURO")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("one", "EUR")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void it_reads_as_amount_and_currency_code() {
        assertThat(Money.of("120000", "EUR")).hasToString("120000.00 EUR");
        assertThat(Money.of("0.1", "USD")).hasToString("0.10 USD");
    }

    @Test
    void it_is_formatted_in_the_readers_locale() {
        assertThat(Money.of("1234.5", "EUR").format(Locale.US)).isEqualTo("€1,234.50");
        assertThat(spaces(Money.of("1234.5", "EUR").format(Locale.GERMANY))).isEqualTo("1.234,50 €");
    }

    /** The JDK's locale data uses non-breaking spaces; compare them as plain spaces. */
    private static String spaces(String s) {
        return s.replace('\u00a0', ' ').replace('\u202f', ' ');
    }
}
