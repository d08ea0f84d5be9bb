package io.esteira.features;

import java.util.Locale;

/** The SQL a data source speaks, as far as the portal's checks of people's queries need to know. */
public enum SqlDialect {
    H2, POSTGRESQL, OTHER;

    public static SqlDialect of(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.strip().toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        return OTHER;
    }
}
