package io.esteira.costs.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RatePrices extends JpaRepository<RatePrice, UUID> {

    List<RatePrice> findByCurrency(String currency);

    boolean existsBySkuAndAreaKeyAndCurrencyAndEffectiveFrom(String sku, String areaKey, String currency, Instant effectiveFrom);

    List<RatePrice> findAllByOrderBySkuAscCurrencyAscEffectiveFromAsc();

    List<RatePrice> findByAreaIdOrderBySkuAscCurrencyAscEffectiveFromAsc(UUID areaId);
}
