package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.shared.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cost shown before something starts, computed by the same rating function that bills it: one
 * full hour of the usage rated as the ledger rates an hour (same quantities, prices, rounding), and
 * "if left on all month" as 730 such hours. Members of the area ask; others are told it is not found.
 */
@Service
@Transactional(readOnly = true)
@PreAuthorize("isAuthenticated()")
public class CostEstimates {

    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

    private final RateCard rateCard;
    private final AreaService areas;
    private final AreaAccess access;
    private final Clock clock;

    CostEstimates(RateCard rateCard, AreaService areas, AreaAccess access, Clock clock) {
        this.rateCard = rateCard;
        this.areas = areas;
        this.access = access;
        this.clock = clock;
    }

    /** The hourly and monthly cost in the area now of holding {@code held} (see {@link Held}). */
    public CostEstimate hourly(UUID areaId, Map<String, BigDecimal> held) {
        return hourly(areaId, held, clock.instant());
    }

    /**
     * The hourly and monthly cost in the area of holding {@code held} at the prices of the hour of {@code at}.
     *
     * @throws InvalidRequestException when the rate card has no price for one of the SKUs
     */
    public CostEstimate hourly(UUID areaId, Map<String, BigDecimal> held, Instant at) {
        access.requireRead(areaId, "area", areaId);
        Currency currency = areas.get(areaId).monthlyBudget().currency();
        Instant hour = RateCard.hourOf(at);
        PriceBook book = rateCard.book(currency.getCurrencyCode());
        List<CostEstimate.Line> lines = new ArrayList<>();
        BigDecimal hourly = BigDecimal.ZERO.setScale(Rating.SCALE);
        for (Map.Entry<String, BigDecimal> e : new TreeMap<>(held).entrySet()) {
            String sku = e.getKey();
            if (!Sku.known(sku) || Sku.basis(sku) == Sku.Basis.COUNT) {
                throw new InvalidRequestException("sku", "Cannot estimate the hourly cost of " + sku);
            }
            Price price = book.at(sku, areaId, currency.getCurrencyCode(), hour).orElseThrow(() -> new InvalidRequestException("sku",
                    "The rate card has no " + currency.getCurrencyCode() + " price for " + sku));
            BigDecimal quantity = Rating.quantity(sku, e.getValue(), HOUR_MILLIS);
            BigDecimal amount = Rating.amount(quantity, price.unitPrice());
            lines.add(new CostEstimate.Line(sku, quantity, price.unit(), price.unitPrice(), amount, price));
            hourly = hourly.add(amount);
        }
        return new CostEstimate(currency, List.copyOf(lines), hourly, hourly.multiply(Sku.HOURS_PER_MONTH));
    }

    /**
     * What one run is billed: {@code held} for {@code duration}, each SKU's quantity for the run's milliseconds
     * rated as the ledger rates an interval (to the line, for a run within one hour), plus its predicted rows
     * per 1,000. Unpriced SKUs are refused ({@code strict}) or left out.
     */
    BigDecimal run(UUID areaId, Map<String, BigDecimal> held, Duration duration, long predictedRows, Instant at, boolean strict) {
        access.requireRead(areaId, "area", areaId);
        String currency = areas.get(areaId).monthlyBudget().currency().getCurrencyCode();
        Instant hour = RateCard.hourOf(at);
        PriceBook book = rateCard.book(currency);
        BigDecimal total = BigDecimal.ZERO.setScale(Rating.SCALE);
        for (Map.Entry<String, BigDecimal> e : new TreeMap<>(held).entrySet()) {
            String sku = e.getKey();
            if (!Sku.known(sku) || Sku.basis(sku) == Sku.Basis.COUNT) {
                throw new InvalidRequestException("sku", "Cannot estimate a run holding " + sku);
            }
            var price = book.at(sku, areaId, currency, hour);
            if (price.isEmpty() && strict) {
                throw new InvalidRequestException("sku", "The rate card has no " + currency + " price for " + sku);
            }
            if (price.isPresent()) {
                total = total.add(Rating.amount(Rating.quantity(sku, e.getValue(), duration.toMillis()), price.get().unitPrice()));
            }
        }
        if (predictedRows > 0) {
            var price = book.at(Sku.PREDICTIONS_1000, areaId, currency, hour);
            if (price.isEmpty() && strict) {
                throw new InvalidRequestException("sku", "The rate card has no " + currency + " price for " + Sku.PREDICTIONS_1000);
            }
            if (price.isPresent()) {
                total = total.add(Rating.amount(Rating.counted(Sku.PREDICTIONS_1000, predictedRows), price.get().unitPrice()));
            }
        }
        return total;
    }

    /** What {@code count} predicted rows cost in the area at the prices of the hour of {@code at}. */
    public BigDecimal predictions(UUID areaId, long count, Instant at) {
        access.requireRead(areaId, "area", areaId);
        Currency currency = areas.get(areaId).monthlyBudget().currency();
        Price price = rateCard.book(currency.getCurrencyCode()).at(Sku.PREDICTIONS_1000, areaId, currency.getCurrencyCode(),
                RateCard.hourOf(at)).orElseThrow(() -> new InvalidRequestException("sku", "The rate card has no "
                        + currency.getCurrencyCode() + " price for " + Sku.PREDICTIONS_1000));
        return Rating.amount(Rating.counted(Sku.PREDICTIONS_1000, count), price.unitPrice());
    }
}
