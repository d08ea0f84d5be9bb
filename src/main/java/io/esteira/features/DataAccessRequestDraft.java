package io.esteira.features;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Asks for what a refused query needed on a data source: a grant (of a schema, {@code *} for every
 * schema, and optionally one table of it), or personal-data columns that an administrator
 * classified as another area's.
 *
 * @param areaId  the area that will query; the requester acts in it
 * @param kind    {@code GRANT} or {@code PERSONAL_COLUMNS}
 * @param table   one table of the schema, or empty for every table
 * @param columns for {@code PERSONAL_COLUMNS}: the classified columns of {@code schema.table}
 */
public record DataAccessRequestDraft(
        @NotNull(message = "Say for which of your areas") UUID areaId,
        @NotNull(message = "Say what you ask for: GRANT or PERSONAL_COLUMNS") Kind kind,
        @NotBlank(message = "Name the schema (or * for every schema)") @Size(max = 120, message = "A schema name has at most 120 characters") String schema,
        @Size(max = 120, message = "A table name has at most 120 characters") String table,
        @Size(max = 50, message = "Ask for at most 50 columns at once") List<@NotBlank @Size(max = 120) String> columns,
        @NotBlank(message = "Say why the area needs it") @Size(min = 20, max = 2000, message = "Give a justification of 20 to 2000 characters") String justification) {

    public enum Kind { GRANT, PERSONAL_COLUMNS }
}
