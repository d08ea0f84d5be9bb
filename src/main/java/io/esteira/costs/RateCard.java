package io.esteira.costs;

import io.esteira.areas.AreaAccess;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.CostEvents.RatePriceScheduled;
import io.esteira.costs.domain.RatePrice;
import io.esteira.costs.domain.RatePrices;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.Trace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place prices live: the effective-dated rate card. An area pays the platform's default
 * prices in its budget currency, unless it has rows of its own, which replace the defaults SKU by
 * SKU. The price at an instant is the row with the latest {@code effectiveFrom} not after that hour.
 * Administrators schedule new prices from a coming whole hour, so a past hour is never re-rated.
 */
@Service
@Transactional(readOnly = true)
public class RateCard {

    private final RatePrices rows;
    private final AreaService areas;
    private final AreaAccess access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RateCard(RatePrices rows, AreaService areas, AreaAccess access, ApplicationEventPublisher events, Clock clock) {
        this.rows = rows;
        this.areas = areas;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /** The prices an area pays now. @throws NotFoundException when the rate card has no prices in that currency */
    public Rates ratesFor(UUID areaId, Currency currency) {
        return ratesFor(areaId, currency, clock.instant());
    }

    /** The prices an area paid (or will pay) at an instant. @throws NotFoundException when there are none in that currency */
    public Rates ratesFor(UUID areaId, Currency currency, Instant at) {
        Map<String, Price> prices = book(currency.getCurrencyCode()).all(areaId, currency.getCurrencyCode(), hourOf(at));
        if (!prices.keySet().containsAll(List.of(Sku.VCPU_HOUR, Sku.MEMORY_GIB_HOUR, Sku.DISK_GIB_MONTH))) {
            throw new NotFoundException("rates in " + currency.getCurrencyCode(), areaId);
        }
        Map<String, BigDecimal> gpu = new LinkedHashMap<>();
        prices.forEach((sku, price) -> {
            if (sku.startsWith(Sku.GPU_HOUR)) {
                gpu.put(sku.substring(Sku.GPU_HOUR.length()), price.unitPrice());
            }
        });
        return new Rates(currency, prices.get(Sku.VCPU_HOUR).unitPrice(), prices.get(Sku.MEMORY_GIB_HOUR).unitPrice(),
                prices.get(Sku.DISK_GIB_MONTH).unitPrice(), Map.copyOf(gpu));
    }

    /** Every price version, past and scheduled; of one area only when {@code areaId} is given. */
    @PreAuthorize("hasRole('ADMIN')")
    public List<Price> prices(UUID areaId) {
        return (areaId == null ? rows.findAllByOrderBySkuAscCurrencyAscEffectiveFromAsc()
                : rows.findByAreaIdOrderBySkuAscCurrencyAscEffectiveFromAsc(areaId)).stream().map(RateCard::price).toList();
    }

    /**
     * The rate card as its readers see it, each version with when it ends and whether it applies now. Of one
     * area: the platform's defaults in the area's currency and the area's own prices (its managers and
     * administrators; anybody else is told the area is not found). Without an area: every price for
     * administrators; for a manager, the defaults and the own prices of the areas they manage.
     */
    @PreAuthorize("hasAnyRole('ADMIN','MANAGER')")
    public List<RateVersion> card(UUID areaId) {
        SignedInUser user = CurrentUser.require();
        List<Price> shown;
        if (areaId != null) {
            CostForecasts.requireManagerOrAdmin(access, areaId);
            String currency = areas.get(areaId).monthlyBudget().currency().getCurrencyCode();
            shown = rows.findAllByOrderBySkuAscCurrencyAscEffectiveFromAsc().stream()
                    .filter(r -> areaId.equals(r.getAreaId()) || (r.getAreaId() == null && r.getCurrency().equals(currency)))
                    .map(RateCard::price).toList();
        } else {
            Set<UUID> mine = access.readableAreaIds().stream().filter(id -> user.isAdmin() || access.canManage(id))
                    .collect(Collectors.toSet());
            boolean everything = user.isPlatformAdmin();
            shown = rows.findAllByOrderBySkuAscCurrencyAscEffectiveFromAsc().stream()
                    .filter(r -> everything || r.getAreaId() == null || mine.contains(r.getAreaId())).map(RateCard::price).toList();
        }
        return versions(shown, clock.instant());
    }

    /**
     * The prices as versions: each until the next one of its SKU, scope and currency, by SKU (as the
     * catalogue lists them), the platform's default before areas' own, currency and start.
     */
    static List<RateVersion> versions(List<Price> prices, Instant now) {
        Instant hour = hourOf(now);
        Comparator<Price> order = Comparator.<Price, Integer>comparing(p -> {
            int i = Sku.catalogue().indexOf(p.sku());
            return i < 0 ? Sku.catalogue().size() : i;
        }).thenComparing(Price::sku).thenComparing(p -> p.areaId() == null ? "" : p.areaId().toString())
                .thenComparing(Price::currency).thenComparing(Price::effectiveFrom);
        List<Price> sorted = prices.stream().sorted(order).toList();
        List<RateVersion> versions = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Price p = sorted.get(i);
            Price next = i + 1 < sorted.size() ? sorted.get(i + 1) : null;
            Instant until = next != null && next.sku().equals(p.sku()) && Objects.equals(next.areaId(), p.areaId())
                    && next.currency().equals(p.currency()) ? next.effectiveFrom() : null;
            RateVersion.Status status = p.effectiveFrom().isAfter(hour) ? RateVersion.Status.SCHEDULED
                    : until != null && !until.isAfter(hour) ? RateVersion.Status.ENDED : RateVersion.Status.IN_FORCE;
            versions.add(new RateVersion(p, until, status));
        }
        return List.copyOf(versions);
    }

    /**
     * Schedules a new price: a known SKU, a price of at least zero with at most 10 decimals, a known
     * currency (an area's own prices in its budget currency), from a whole hour not before the next
     * one, not twice for the same SKU, scope, currency and hour. Nothing is stored when any of it fails.
     */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    public Price schedule(RateDraft draft) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!Sku.known(draft.sku())) {
            problems.put("sku", "Unknown SKU '" + draft.sku() + "': give VCPU_HOUR, MEMORY_GIB_HOUR, GPU_HOUR:<gpu type>, DISK_GIB_MONTH, "
                    + "QUERY_SLOT_HOUR, REPLICA_HOUR, PREDICTIONS_1000 or STORAGE_GIB_MONTH");
        }
        Currency currency = null;
        try {
            currency = draft.currency() == null ? null : Currency.getInstance(draft.currency());
        } catch (IllegalArgumentException e) {
            currency = null;
        }
        if (currency == null) {
            problems.put("currency", "Unknown currency '" + draft.currency() + "': give an ISO 4217 code such as EUR");
        } else if (draft.areaId() != null) {
            AreaSummary area = areas.get(draft.areaId());
            if (!area.monthlyBudget().currency().equals(currency)) {
                problems.put("currency", "Area " + area.code() + " budgets in " + area.monthlyBudget().currency().getCurrencyCode()
                        + ": its own prices are in that currency");
            }
        }
        if (draft.unitPrice() == null) {
            problems.put("unitPrice", "Give the unit price");
        } else if (draft.unitPrice().signum() < 0) {
            problems.put("unitPrice", "A price cannot be negative");
        } else if (draft.unitPrice().stripTrailingZeros().scale() > Rating.SCALE) {
            problems.put("unitPrice", "At most 10 decimals");
        } else if (draft.unitPrice().precision() - draft.unitPrice().scale() > 14) {
            problems.put("unitPrice", "At most 14 digits before the decimal point");
        }
        Instant nextHour = hourOf(clock.instant()).plus(Duration.ofHours(1));
        Instant from = draft.effectiveFrom();
        if (from == null) {
            problems.put("effectiveFrom", "Give the hour (UTC) from which the price applies");
        } else if (!from.equals(hourOf(from))) {
            problems.put("effectiveFrom", "A price applies from a whole hour (UTC), e.g. " + nextHour + ", not " + from);
        } else if (from.isBefore(nextHour)) {
            problems.put("effectiveFrom", "A new price applies from the next hour (" + nextHour + ") or later: it never re-rates a past hour");
        } else if (problems.isEmpty() && rows.existsBySkuAndAreaKeyAndCurrencyAndEffectiveFrom(draft.sku(), RatePrice.scope(draft.areaId()),
                currency.getCurrencyCode(), from)) {
            problems.put("effectiveFrom", "There is already a " + currency.getCurrencyCode() + " price of " + draft.sku()
                    + (draft.areaId() == null ? " (platform default)" : " for this area") + " from " + from);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.values().iterator().next(), problems);
        }
        RatePrice saved = rows.saveAndFlush(new RatePrice(draft.sku(), draft.areaId(), currency.getCurrencyCode(),
                Sku.unit(draft.sku()).orElseThrow(), draft.unitPrice(), from, CurrentUser.require().username(), clock.instant()));
        events.publishEvent(new RatePriceScheduled(saved.getId(), saved.getSku(), saved.getAreaId(), saved.getCurrency(),
                saved.getUnitPrice(), saved.getEffectiveFrom(), Trace.capture(clock)));
        return price(saved);
    }

    /** The rate card in one currency (every currency when null), for rating and estimates. */
    PriceBook book(String currency) {
        return new PriceBook((currency == null ? rows.findAll() : rows.findByCurrency(currency)).stream().map(RateCard::price).toList());
    }

    static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private static Price price(RatePrice r) {
        return new Price(r.getId(), r.getSku(), r.getAreaId(), r.getCurrency(), r.getUnit(), r.getUnitPrice(), r.getEffectiveFrom(),
                r.getCreatedBy(), r.getCreatedAt());
    }
}
