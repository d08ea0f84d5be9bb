package io.esteira.features;

import io.esteira.features.domain.DataSource;
import io.esteira.shared.Remedy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a refused query offers the person: the request that would let it run, made where they read the refusal. */
final class AccessRemedies {

    /** The page where a data-access request is made and decided. */
    static final String PAGE = "data-access";

    private AccessRemedies() {
    }

    /** A grant on the source, for the schema (and table) the query named. */
    static Remedy grant(DataSource source, String schema, String table) {
        return remedy(source, DataAccessRequestDraft.Kind.GRANT, schema, table, List.of());
    }

    /** Columns an administrator classified as another area's personal data. */
    static Remedy columns(DataSource source, String schema, String table, List<String> columns) {
        return remedy(source, DataAccessRequestDraft.Kind.PERSONAL_COLUMNS, schema, table, columns);
    }

    /** Personal-data features of a feature group: asked for on the group, as in the feature store. */
    static Remedy group(String groupName) {
        return new Remedy("Request access to " + groupName + "…", "/feature-groups/" + encode(groupName),
                Map.of("kind", "FEATURE_GROUP", "group", groupName, "request", "POST /api/v1/feature-groups/" + groupName + "/access-requests"));
    }

    private static Remedy remedy(DataSource source, DataAccessRequestDraft.Kind kind, String schema, String table, List<String> columns) {
        StringBuilder href = new StringBuilder("/" + PAGE + "?source=" + source.getId() + "&kind=" + kind + "&schema=" + encode(schema));
        if (table != null) {
            href.append("&table=").append(encode(table));
        }
        if (!columns.isEmpty()) {
            href.append("&columns=").append(encode(String.join(",", columns)));
        }
        Map<String, Object> api = new LinkedHashMap<>();
        api.put("kind", kind.name());
        api.put("sourceId", source.getId().toString());
        api.put("schema", schema);
        if (table != null) {
            api.put("table", table);
        }
        if (!columns.isEmpty()) {
            api.put("columns", columns);
        }
        api.put("request", "POST /api/v1/data-sources/" + source.getId() + "/access-requests");
        return new Remedy("Request access…", href.toString(), api);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
