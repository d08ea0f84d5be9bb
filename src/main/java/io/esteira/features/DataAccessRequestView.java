package io.esteira.features;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request for access to a data source, as the requester and its deciders see it.
 *
 * @param decider who decides it: "an administrator", or the manager of the area whose personal data it is
 * @param mayDecide whether the caller may approve or reject it (or revoke it once approved)
 */
public record DataAccessRequestView(UUID id, UUID sourceId, String source, DataAccessRequestDraft.Kind kind, UUID requesterAreaId,
        String requesterArea, UUID ownerAreaId, String ownerArea, String schema, String table, List<String> columns, String justification,
        String state, String requestedBy, String requestedByName, Instant requestedAt, String decidedByName, Instant decidedAt,
        String decisionComment, String decider, boolean mayDecide) {

    /** What is asked for, in words: "schema bank (every table)", "bank.customers: email, birth_date". */
    public String what() {
        String where = ("*".equals(schema) ? "every schema" : "schema " + schema) + ("*".equals(table) ? "" : ", table " + table);
        return switch (kind) {
            case GRANT -> "Query " + where + ("*".equals(table) ? " (every table)" : "");
            case PERSONAL_COLUMNS -> "Read personal data " + schema + "." + table + ": " + String.join(", ", columns);
        };
    }
}
