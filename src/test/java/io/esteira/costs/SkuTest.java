package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SkuTest {

    @Test
    void known_skus_and_their_units() {
        assertThat(Sku.known("GPU_HOUR:nvidia-t4")).isTrue();
        assertThat(Sku.known("GPU_HOUR:")).isFalse();
        assertThat(Sku.known("CPU_HOUR")).isFalse();
        assertThat(Sku.unit(Sku.PREDICTIONS_1000)).contains("1,000 predictions");
        assertThat(Sku.basis(Sku.STORAGE_GIB_MONTH)).isEqualTo(Sku.Basis.MONTH);
    }

    @Test
    void quantities_keep_ten_decimals_and_amounts_are_the_rounded_product_of_the_line() {
        assertThat(Rating.quantity(Sku.VCPU_HOUR, BigDecimal.ONE, 1000)).isEqualTo(new BigDecimal("0.0002777778"));
        assertThat(Rating.quantity(Sku.DISK_GIB_MONTH, new BigDecimal("100"), 3_600_000)).isEqualTo(new BigDecimal("0.1369863014"));
        assertThat(Rating.amount(new BigDecimal("0.1369863014"), new BigDecimal("0.1"))).isEqualTo(new BigDecimal("0.0136986301"));
        assertThat(Rating.counted(Sku.PREDICTIONS_1000, 1)).isEqualTo(new BigDecimal("0.0010000000"));
        assertThatThrownBy(() -> Rating.counted(Sku.VCPU_HOUR, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
