package io.esteira.features;

import io.esteira.shared.InvalidRequestException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which JDBC addresses a data source may have. JDBC URLs can carry options that run code or write
 * files on the portal's machine (H2's INIT, PostgreSQL's socketFactory or loggerFile), or point at
 * the portal's own database; those are refused.
 */
@Component
class JdbcUrlPolicy {

    private static final List<String> H2_FORBIDDEN = List.of("init=", "runscript", "trace_level_file", "trace_level_system_out",
            "auto_server", "java_object_serializer", "access_mode_data=rws");
    private static final List<String> POSTGRES_FORBIDDEN = List.of("socketfactory", "sslfactory", "sslhostnameverifier",
            "sslpasswordcallback", "authenticationpluginclassnames", "loggerfile", "loggerlevel", "sslkey", "sslcert");

    private final Path portalDatabase;
    private final String portalUrl;

    JdbcUrlPolicy(@Value("${esteira.data-dir}") Path dataDir, @Value("${spring.datasource.url}") String portalUrl) {
        this.portalDatabase = dataDir.resolve("db").toAbsolutePath().normalize();
        this.portalUrl = portalUrl;
    }

    /** @throws InvalidRequestException naming the field {@code jdbcUrl} */
    void check(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            refuse("A JDBC address starts with jdbc:, e.g. jdbc:postgresql://host:5432/warehouse");
        }
        if (lower.contains("password=")) {
            refuse("Put the password in the password field, not in the address: it is stored encrypted there");
        }
        if (url.strip().equalsIgnoreCase(portalUrl.strip())) {
            refuse("This is the portal's own database; it cannot be a data source");
        }
        if (lower.startsWith("jdbc:h2:")) {
            H2_FORBIDDEN.stream().filter(lower::contains).findFirst()
                    .ifPresent(option -> refuse("The H2 option " + option.replace("=", "").toUpperCase(Locale.ROOT) + " is not allowed in a data source"));
            String path = url.strip().substring("jdbc:h2:".length()).split(";", 2)[0];
            if (path.startsWith("file:")) {
                path = path.substring("file:".length());
            }
            if (!path.startsWith("mem:") && !path.startsWith("tcp:") && !path.startsWith("ssl:")) {
                Path file = Path.of(path.replace("~", System.getProperty("user.home"))).toAbsolutePath().normalize();
                if (file.startsWith(portalDatabase)) {
                    refuse("This is the portal's own database; it cannot be a data source");
                }
            }
        } else if (lower.startsWith("jdbc:postgresql:")) {
            POSTGRES_FORBIDDEN.stream().filter(lower::contains).findFirst()
                    .ifPresent(option -> refuse("The PostgreSQL option " + option + " is not allowed in a data source"));
        }
    }

    private static void refuse(String message) {
        throw new InvalidRequestException("jdbcUrl", message);
    }
}
