package io.esteira.changes;

import io.esteira.changes.domain.ChangeHistory;
import io.esteira.changes.domain.ChangeHistoryEntry;
import io.esteira.changes.domain.ChangeRequest;
import io.esteira.shared.security.SignedInUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A request's timeline: each step, who took it and when, in order. Runs in its callers' transactions. */
@Component
class ChangeTimeline {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChangeHistory history;

    ChangeTimeline(ChangeHistory history) {
        this.history = history;
    }

    /** A step by a person, or by the system when {@code actor} is null. */
    void record(ChangeRequest change, SignedInUser actor, String step, String comment, Map<String, Object> details, Instant at) {
        record(change, actor == null ? "system" : actor.displayName(), actor == null ? null : actor.userId(), step, comment, details, at);
    }

    void record(ChangeRequest change, String actor, UUID actorId, String step, String comment, Map<String, Object> details, Instant at) {
        history.save(new ChangeHistoryEntry(change.getId(), nextPosition(change), at, actor, actorId, step, comment,
                details == null || details.isEmpty() ? null : json(details)));
    }

    /** The request's timeline, oldest first. */
    List<HistoryEntry> of(UUID changeId) {
        return history.findByChangeIdOrderByPosition(changeId).stream().map(h -> new HistoryEntry(h.getPosition(), h.getOccurredAt(),
                h.getActor(), h.getStep(), h.getComment(), h.getDetails() == null ? Map.of()
                        : JSON.readValue(h.getDetails(), new TypeReference<Map<String, Object>>() { }))).toList();
    }

    /** The request's row is updated in the same transaction (its version), so two steps at once cannot take the same position. */
    private int nextPosition(ChangeRequest change) {
        history.flush();
        return (int) history.countByChangeId(change.getId()) + 1;
    }

    private static String json(Map<String, Object> details) {
        String json = JSON.writeValueAsString(details);
        return json.length() <= 4000 ? json : JSON.writeValueAsString(Map.of("truncated", json.substring(0, 3900)));
    }
}
