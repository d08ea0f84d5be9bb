package io.esteira.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageMeteringTest {

    @Test
    void a_size_within_one_percent_of_what_the_interval_holds_leaves_it_open() {
        assertThat(StorageMetering.resized(100_000, 101_000)).isFalse();
        assertThat(StorageMetering.resized(100_000, 99_000)).isFalse();
        assertThat(StorageMetering.resized(100_000, 101_001)).isTrue();
        assertThat(StorageMetering.resized(100_000, 98_999)).isTrue();
        assertThat(StorageMetering.resized(0, 0)).isFalse();
        assertThat(StorageMetering.resized(0, 1)).isTrue();
        assertThat(StorageMetering.resized(1, 0)).isTrue();
    }

    @Test
    void bytes_are_held_as_gib_with_six_decimals() {
        assertThat(StorageMetering.gib(1L << 30)).isEqualByComparingTo("1");
        assertThat(StorageMetering.gib(3L << 29)).isEqualByComparingTo("1.5");
        assertThat(StorageMetering.gib(1_000_000)).isEqualTo(new java.math.BigDecimal("0.000931"));
        assertThat(StorageMetering.gib(500)).isEqualTo(new java.math.BigDecimal("0.000000"));
    }

    @Test
    void a_table_is_shared_by_the_size_of_each_resources_rows_to_the_byte() {
        assertThat(StoredData.share(8192, 1, 3)).isEqualTo(2731);
        assertThat(StoredData.share(8192, 2, 3)).isEqualTo(5461);
        assertThat(StoredData.share(Long.MAX_VALUE / 2, 1, 1)).isEqualTo(Long.MAX_VALUE / 2);
        assertThat(StoredData.share(8192, 0, 3)).isZero();
        assertThat(StoredData.share(8192, 5, 0)).isZero();
    }

    @Test
    void every_kind_of_storage_is_rated_as_storage_with_a_ledger_id_of_its_own() {
        UUID group = UUID.randomUUID();
        assertThat(StorageKind.FEATURE_OFFLINE.ledgerId(group)).isNotEqualTo(StorageKind.FEATURE_ONLINE.ledgerId(group))
                .isEqualTo(StorageKind.FEATURE_OFFLINE.ledgerId(group)).isNotEqualTo(group);
        Arrays.stream(StorageKind.values()).forEach(k -> assertThat(ResourceKind.ofSource(k.sourceType())).isEqualTo(ResourceKind.STORAGE));
        assertThat(ResourceKind.ofSource("workspace-disk")).isEqualTo(ResourceKind.WORKSPACE_DISK);
        assertThat(StorageKind.FEATURE_OFFLINE.describe("feature group customer_profile"))
                .isEqualTo("feature group customer_profile · offline table");
    }
}
