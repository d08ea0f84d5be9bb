package io.esteira.scheduling;

import io.esteira.shared.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a scheduled query, {@code ${run_date}} and {@code ${run_ts}}: each becomes a JDBC
 * {@code ?} bound to the run's value, never text spliced into the SQL.
 */
record SqlParameters(String sql, List<String> names) {

    static final Set<String> KNOWN = Set.of("run_date", "run_ts");
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([^}]*)}");

    static SqlParameters of(String text) {
        Matcher m = PARAMETER.matcher(text == null ? "" : text);
        StringBuilder sql = new StringBuilder();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1).strip();
            if (!KNOWN.contains(name)) {
                throw new InvalidRequestException("sql", "Unknown parameter ${" + name + "}; the parameters are ${run_date} and ${run_ts}");
            }
            names.add(name);
            // padded to the parameter's width, so that a position in the SQL is the same as in the text the person wrote
            m.appendReplacement(sql, "?" + " ".repeat(m.group().length() - 1));
        }
        m.appendTail(sql);
        return new SqlParameters(sql.toString(), List.copyOf(names));
    }

    /** Binds {@code ${run_date}} and {@code ${run_ts}} (in UTC) to the statement's parameters, in order. */
    void bind(java.sql.PreparedStatement statement, java.time.LocalDate runDate, java.time.Instant runTs) throws java.sql.SQLException {
        for (int i = 0; i < names.size(); i++) {
            statement.setObject(i + 1, names.get(i).equals("run_date") ? runDate
                    : java.time.OffsetDateTime.ofInstant(runTs, java.time.ZoneOffset.UTC));
        }
    }
}
