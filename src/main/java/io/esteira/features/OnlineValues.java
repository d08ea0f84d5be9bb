package io.esteira.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The latest values of entities of a group's published version, as of its last refresh.
 *
 * @param refreshedAt when the online values were last rebuilt from the source
 */
public record OnlineValues(String featureGroup, int version, Instant refreshedAt, List<Entity> entities) {

    /**
     * One entity's values.
     *
     * @param eventTime the event time of the row the values come from; null when the entity is unknown
     */
    public record Entity(Map<String, Object> entity, boolean found, Instant eventTime, Map<String, Object> features) {
    }
}
