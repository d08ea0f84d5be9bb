package io.esteira.deployments.costs;

import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.costs.Sku;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentMeteringTest {

    @Test
    void embedded_releases_hold_replicas_and_kubernetes_ones_their_cpu_and_memory_times_replicas() {
        assertThat(DeploymentMetering.held("embedded", 3, "500m", "1Gi")).isEqualTo(Map.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(3)));
        Map<String, BigDecimal> k8s = DeploymentMetering.held("kubernetes", 2, "500m", "512Mi");
        assertThat(k8s.get(Sku.VCPU_HOUR)).isEqualByComparingTo("1");
        assertThat(k8s.get(Sku.MEMORY_GIB_HOUR)).isEqualByComparingTo("1");
        assertThat(DeploymentMetering.held("kubernetes", 2, null, null)).isEqualTo(Map.of(Sku.REPLICA_HOUR, BigDecimal.valueOf(2)));
        assertThat(DeploymentMetering.cores("2")).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("2"));
        assertThat(DeploymentMetering.gib("2G")).hasValueSatisfying(g -> assertThat(g).isEqualByComparingTo("1.862645"));
        assertThat(DeploymentMetering.cores("lots")).isEmpty();
    }
}
