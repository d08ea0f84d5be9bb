package io.esteira.costs;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rate card in memory: the price of a SKU for an area in a currency at an hour is the row with
 * the latest {@code effectiveFrom} not after that hour, the area's own rows replacing the platform's
 * defaults SKU by SKU (from the first hour the area has a row of that SKU).
 */
final class PriceBook {

    private record Key(String sku, UUID areaId, String currency) {
    }

    private final Map<Key, TreeMap<Instant, Price>> prices = new HashMap<>();

    PriceBook(Collection<Price> rows) {
        rows.forEach(p -> prices.computeIfAbsent(new Key(p.sku(), p.areaId(), p.currency()), k -> new TreeMap<>())
                .put(p.effectiveFrom(), p));
    }

    Optional<Price> at(String sku, UUID areaId, String currency, Instant hour) {
        if (areaId != null) {
            Optional<Price> own = latest(new Key(sku, areaId, currency), hour);
            if (own.isPresent()) {
                return own;
            }
        }
        return latest(new Key(sku, null, currency), hour);
    }

    private Optional<Price> latest(Key key, Instant hour) {
        TreeMap<Instant, Price> versions = prices.get(key);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.floorEntry(hour)).map(Map.Entry::getValue);
    }

    /** Every SKU with a price in the currency for the area (or the defaults) at the hour. */
    Map<String, Price> all(UUID areaId, String currency, Instant hour) {
        Map<String, Price> found = new HashMap<>();
        prices.keySet().stream().filter(k -> k.currency().equals(currency) && (k.areaId() == null || k.areaId().equals(areaId)))
                .map(Key::sku).distinct().forEach(sku -> at(sku, areaId, currency, hour).ifPresent(p -> found.put(sku, p)));
        return found;
    }
}
