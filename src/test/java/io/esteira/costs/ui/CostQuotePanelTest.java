package io.esteira.costs.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** The cost panel writes amounts in cents, and what a short run costs so that it does not read as nothing. */
class CostQuotePanelTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void amounts_are_in_cents_and_amounts_under_a_cent_to_four_decimals_or_as_under_the_smallest() {
        assertThat(CostQuotePanel.money(new BigDecimal("460.6712345678"), EUR)).isEqualTo("€460.67");
        assertThat(CostQuotePanel.money(new BigDecimal("-1234.5"), EUR)).isEqualTo("-€1,234.50");
        assertThat(CostQuotePanel.money(new BigDecimal("0.0200000000"), EUR)).isEqualTo("€0.02");
        assertThat(CostQuotePanel.money(new BigDecimal("0.0041670000"), EUR)).isEqualTo("€0.0042");
        assertThat(CostQuotePanel.money(new BigDecimal("0.0000205667"), EUR)).isEqualTo("under €0.0001");
        assertThat(CostQuotePanel.money(BigDecimal.ZERO.setScale(10), EUR)).isEqualTo("€0.00");
        assertThat(CostQuotePanel.money(null, EUR)).isEqualTo("–");
    }
}
