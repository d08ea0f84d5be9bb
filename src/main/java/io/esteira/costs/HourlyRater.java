package io.esteira.costs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Rates usage into hourly lines, without a database: intervals are split at hour boundaries (an open
 * interval counts up to now), the time a resource held each SKU in an hour is summed over its intervals
 * and turned into a quantity once, counted usage is summed per hour, and each line is priced with the
 * rate card's price of its area, currency and hour through {@link Rating}.
 */
final class HourlyRater {

    /**
     * Hour, kind, resource id as its text would sort (the unsigned halves of a UUID, high then low, order
     * as its hexadecimal text does, without writing it for each comparison), SKU.
     */
    static final Comparator<Line> LEDGER_ORDER = (a, b) -> {
        int c = a.hourStart().compareTo(b.hourStart());
        if (c == 0) {
            c = a.kind().compareTo(b.kind());
        }
        if (c == 0) {
            c = Long.compareUnsigned(a.resourceId().getMostSignificantBits(), b.resourceId().getMostSignificantBits());
        }
        if (c == 0) {
            c = Long.compareUnsigned(a.resourceId().getLeastSignificantBits(), b.resourceId().getLeastSignificantBits());
        }
        return c != 0 ? c : a.sku().compareTo(b.sku());
    };

    private static final Duration HOUR = Duration.ofHours(1);

    /** An interval of the usage ledger with what it held, the model whose cost it is and what it is part of (or nulls). */
    record Interval(UUID areaId, ResourceKind kind, UUID resourceId, String resourceName, UUID personId, String personName,
            Instant startedAt, Instant endedAt, Map<String, BigDecimal> held, UUID modelId, String modelName, UUID parentId) {

        Interval(UUID areaId, ResourceKind kind, UUID resourceId, String resourceName, UUID personId, String personName,
                Instant startedAt, Instant endedAt, Map<String, BigDecimal> held) {
            this(areaId, kind, resourceId, resourceName, personId, personName, startedAt, endedAt, held, null, null, null);
        }
    }

    /** A rated line, before it is stored. */
    record Line(UUID areaId, Instant hourStart, ResourceKind kind, UUID resourceId, String resourceName, UUID personId,
            String personName, String sku, UUID rateId, BigDecimal quantity, String unit, BigDecimal unitPrice, BigDecimal amount,
            String currency, UUID modelId, String modelName, UUID parentId) {
    }

    /** The lines, and what could not be priced (no price of that SKU in the area's currency at that hour). */
    record Result(List<Line> lines, Collection<String> unpriced) {
    }

    private record Key(Instant hour, ResourceKind kind, UUID resourceId, String sku) {
    }

    private static final class Acc {
        UUID areaId;
        String resourceName;
        UUID personId;
        String personName;
        UUID modelId;
        String modelName;
        UUID parentId;
        Instant latestStart = Instant.MIN;
        BigDecimal heldMillis = BigDecimal.ZERO;
        long count;

        void describe(UUID areaId, String resourceName, UUID personId, String personName, UUID modelId, String modelName,
                UUID parentId, Instant start) {
            if (!start.isBefore(latestStart)) {
                this.areaId = areaId;
                this.resourceName = resourceName;
                this.personId = personId;
                this.personName = personName;
                this.modelId = modelId;
                this.modelName = modelName;
                this.parentId = parentId;
                this.latestStart = start;
            }
        }
    }

    private HourlyRater() {
    }

    /**
     * The lines of the whole hours in {@code [from, to)}, usage counted up to {@code now}.
     *
     * @param currencyOf the currency an area is charged in (its budget's)
     */
    static Result rate(Collection<Interval> intervals, Collection<CountedUsage.Count> counts, PriceBook book,
            Function<UUID, String> currencyOf, Instant from, Instant to, Instant now) {
        Map<Key, Acc> usage = new LinkedHashMap<>();
        Instant until = to.isAfter(now) ? now : to;
        for (Interval i : intervals) {
            Instant start = i.startedAt().isBefore(from) ? from : i.startedAt();
            Instant end = i.endedAt() == null || i.endedAt().isAfter(until) ? until : i.endedAt();
            for (Instant hour = RateCard.hourOf(start); hour.isBefore(end); hour = hour.plus(HOUR)) {
                Instant segmentStart = start.isAfter(hour) ? start : hour;
                Instant segmentEnd = end.isBefore(hour.plus(HOUR)) ? end : hour.plus(HOUR);
                long millis = Duration.between(segmentStart, segmentEnd).toMillis();
                if (millis <= 0) {
                    continue;
                }
                for (Map.Entry<String, BigDecimal> held : i.held().entrySet()) {
                    if (held.getValue().signum() == 0) {
                        continue;
                    }
                    Acc acc = usage.computeIfAbsent(new Key(hour, i.kind(), i.resourceId(), held.getKey()), k -> new Acc());
                    acc.heldMillis = acc.heldMillis.add(held.getValue().multiply(BigDecimal.valueOf(millis)));
                    acc.describe(i.areaId(), i.resourceName(), i.personId(), i.personName(), i.modelId(), i.modelName(), i.parentId(),
                            i.startedAt());
                }
            }
        }
        for (CountedUsage.Count c : counts) {
            if (c.count() <= 0 || c.hourStart().isBefore(from) || !c.hourStart().isBefore(to)) {
                continue;
            }
            Acc acc = usage.computeIfAbsent(new Key(RateCard.hourOf(c.hourStart()), c.kind(), c.resourceId(), c.sku()), k -> new Acc());
            acc.count += c.count();
            acc.describe(c.areaId(), c.resourceName(), c.personId(), c.personName(), c.modelId(), c.modelName(), null, c.hourStart());
        }
        List<Line> lines = new ArrayList<>();
        TreeSet<String> unpriced = new TreeSet<>();
        for (Map.Entry<Key, Acc> e : usage.entrySet()) {
            Key key = e.getKey();
            Acc acc = e.getValue();
            BigDecimal quantity = Sku.basis(key.sku()) == Sku.Basis.COUNT ? Rating.counted(key.sku(), acc.count)
                    : Rating.ofHeldMillis(key.sku(), acc.heldMillis);
            if (quantity.signum() == 0) {
                continue;
            }
            String currency = currencyOf.apply(acc.areaId);
            Optional<Price> price = book.at(key.sku(), acc.areaId, currency, key.hour());
            if (price.isEmpty()) {
                unpriced.add(key.sku() + " in " + currency + " for area " + acc.areaId);
                continue;
            }
            Price p = price.get();
            lines.add(new Line(acc.areaId, key.hour(), key.kind(), key.resourceId(), acc.resourceName, acc.personId, acc.personName,
                    key.sku(), p.rateId(), quantity, p.unit(), p.unitPrice(), Rating.amount(quantity, p.unitPrice()), currency, acc.modelId,
                    acc.modelName, acc.parentId));
        }
        lines.sort(LEDGER_ORDER);
        return new Result(lines, unpriced);
    }
}
