package io.esteira.features;

import io.esteira.features.ColumnInfo.Kind;
import io.esteira.shared.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One spelling of an entity's key, the same whether it comes from the source or from a caller:
 * numbers without trailing zeros ({@code 42.0} is {@code 42}), composite keys joined by the unit
 * separator.
 */
final class EntityKeys {

    static final String SEPARATOR = "\u001f";
    static final int MAX_LENGTH = 500;

    private EntityKeys() {
    }

    /** The key of a row as the source gives it; null when a part is null. */
    static String ofSource(List<Object> parts) {
        List<String> spelled = new ArrayList<>(parts.size());
        for (Object part : parts) {
            if (part == null) {
                return null;
            }
            spelled.add(part instanceof BigDecimal d ? number(d) : part instanceof Number n ? number(new BigDecimal(n.toString())) : part.toString());
        }
        return String.join(SEPARATOR, spelled);
    }

    /**
     * The key a caller names, one value per key column.
     *
     * @throws InvalidRequestException naming {@code entity} when a value is missing or not of its column's kind
     */
    static String ofRequest(List<String> keyColumns, List<Kind> kinds, Map<String, ?> entity) {
        List<String> spelled = new ArrayList<>(keyColumns.size());
        for (int i = 0; i < keyColumns.size(); i++) {
            Object value = entity.get(keyColumns.get(i));
            if (value == null || value.toString().isBlank()) {
                throw new InvalidRequestException("entity", "Give a value for the entity key " + keyColumns.get(i)
                        + (keyColumns.size() > 1 ? "; the keys are " + String.join(", ", keyColumns) : ""));
            }
            String text = value.toString().strip();
            if (kinds.get(i) == Kind.NUMBER) {
                try {
                    text = number(new BigDecimal(text));
                } catch (NumberFormatException e) {
                    throw new InvalidRequestException("entity", keyColumns.get(i) + " is a number; " + text + " is not");
                }
            } else if (kinds.get(i) == Kind.BOOLEAN) {
                text = Boolean.toString(Boolean.parseBoolean(text));
            }
            spelled.add(text);
        }
        String key = String.join(SEPARATOR, spelled);
        if (key.length() > MAX_LENGTH) {
            throw new InvalidRequestException("entity", "An entity key has at most " + MAX_LENGTH + " characters");
        }
        return key;
    }

    private static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
