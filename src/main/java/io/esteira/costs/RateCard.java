package io.esteira.costs;


import io.esteira.costs.domain.RateRows;
import io.esteira.shared.NotFoundException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place prices live. An area pays the platform's default rates in its budget currency,
 * unless it has rows of its own, which replace the defaults resource by resource.
 */
@Service
@Transactional(readOnly = true)
public class RateCard {

    static final String VCPU_HOUR = "VCPU_HOUR";
    static final String MEMORY_GIB_HOUR = "MEMORY_GIB_HOUR";
    static final String DISK_GIB_MONTH = "DISK_GIB_MONTH";
    static final String GPU_HOUR = "GPU_HOUR:";

    private final RateRows rows;

    RateCard(RateRows rows) {
        this.rows = rows;
    }

    /** @throws NotFoundException when the rate card has no prices in that currency */
    public Rates ratesFor(UUID areaId, Currency currency) {
        Map<String, BigDecimal> prices = new HashMap<>();
        rows.findByAreaIdIsNullAndCurrency(currency.getCurrencyCode()).forEach(r -> prices.put(r.getResource(), r.getUnitPrice()));
        if (areaId != null) {
            rows.findByAreaIdAndCurrency(areaId, currency.getCurrencyCode()).forEach(r -> prices.put(r.getResource(), r.getUnitPrice()));
        }
        if (!prices.keySet().containsAll(List.of(VCPU_HOUR, MEMORY_GIB_HOUR, DISK_GIB_MONTH))) {
            throw new NotFoundException("rates in " + currency.getCurrencyCode(), areaId);
        }
        Map<String, BigDecimal> gpu = new HashMap<>();
        prices.forEach((resource, price) -> {
            if (resource.startsWith(GPU_HOUR)) {
                gpu.put(resource.substring(GPU_HOUR.length()), price);
            }
        });
        return new Rates(currency, prices.get(VCPU_HOUR), prices.get(MEMORY_GIB_HOUR), prices.get(DISK_GIB_MONTH), Map.copyOf(gpu));
    }

}
