package io.esteira.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The fields an update really changes, as "from"/"to" pairs for the audit record. */
public final class Changes {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Changes field(String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            fields.put(name, Map.of("from", String.valueOf(before), "to", String.valueOf(after)));
        }
        return this;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(fields);
    }
}
