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
    void skus_read_in_their_users_words() {
        assertThat(Sku.label(Sku.VCPU_HOUR)).isEqualTo("Compute (vCPU)");
        assertThat(Sku.label("GPU_HOUR:nvidia-t4")).isEqualTo("GPU (nvidia-t4)");
        assertThat(Sku.label(Sku.QUERY_SLOT_HOUR)).isEqualTo("Scheduled query and batch run");
        assertThat(Sku.catalogue()).allSatisfy(sku -> assertThat(Sku.label(sku)).isNotEqualTo(sku));
    }

    @Test
    void each_price_version_lasts_until_the_next_of_its_sku_scope_and_currency() {
        java.util.UUID area = java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.parse("2026-05-14T10:20:00Z");
        java.time.Instant jan = java.time.Instant.parse("2026-01-01T00:00:00Z");
        java.time.Instant jun = java.time.Instant.parse("2026-06-01T00:00:00Z");
        java.time.Instant apr = java.time.Instant.parse("2026-04-01T00:00:00Z");
        Price oldDefault = price(Sku.VCPU_HOUR, null, "EUR", "0.04", jan);
        Price newDefault = price(Sku.VCPU_HOUR, null, "EUR", "0.05", jun);
        Price usd = price(Sku.VCPU_HOUR, null, "USD", "0.043", jan);
        Price own = price(Sku.VCPU_HOUR, area, "EUR", "0.03", apr);
        Price memory = price(Sku.MEMORY_GIB_HOUR, null, "EUR", "0.005", jan);
        Price memoryBefore = price(Sku.MEMORY_GIB_HOUR, null, "EUR", "0.006", jan.minus(java.time.Duration.ofDays(365)));
        var versions = RateCard.versions(java.util.List.of(memory, own, newDefault, usd, memoryBefore, oldDefault), now);
        assertThat(versions).extracting(RateVersion::price).containsExactly(oldDefault, newDefault, usd, own, memoryBefore, memory);
        assertThat(versions).extracting(RateVersion::until).containsExactly(jun, null, null, null, jan, null);
        assertThat(versions).extracting(RateVersion::status).containsExactly(RateVersion.Status.IN_FORCE, RateVersion.Status.SCHEDULED,
                RateVersion.Status.IN_FORCE, RateVersion.Status.IN_FORCE, RateVersion.Status.ENDED, RateVersion.Status.IN_FORCE);
        // from the current hour on, a version is in force
        assertThat(RateCard.versions(java.util.List.of(newDefault), jun.plusSeconds(59)).getFirst().status())
                .isEqualTo(RateVersion.Status.IN_FORCE);
    }

    private static Price price(String sku, java.util.UUID area, String currency, String unitPrice, java.time.Instant from) {
        return new Price(java.util.UUID.randomUUID(), sku, area, currency, Sku.unit(sku).orElseThrow(), new BigDecimal(unitPrice), from,
                "admin", from);
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
