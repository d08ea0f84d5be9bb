package io.esteira.features;

import io.esteira.shared.InvalidRequestException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which JDBC addresses a data source may have. An address is read the way its driver reads it (H2:
 * the settings after the first {@code ;}, keys upper-cased by English rules; PostgreSQL: the
 * driver's own parser) and only allow-listed settings pass, since settings can run code or write
 * files on the portal's machine (H2's INIT, PostgreSQL's socketFactory or loggerFile). A file path
 * is resolved as the file system resolves it (links, {@code ..}, H2's file-system prefixes, hard
 * links by file identity), so the portal's own database and files can never be a source.
 */
@Component
class JdbcUrlPolicy {

    /** H2 settings a source may set; each with the values it may take, or any value when empty. */
    private static final java.util.Map<String, Set<String>> H2_SETTINGS = java.util.Map.ofEntries(
            java.util.Map.entry("MODE", Set.of()), java.util.Map.entry("DATABASE_TO_LOWER", Set.of()),
            java.util.Map.entry("DATABASE_TO_UPPER", Set.of()), java.util.Map.entry("CASE_INSENSITIVE_IDENTIFIERS", Set.of()),
            java.util.Map.entry("DEFAULT_NULL_ORDERING", Set.of()), java.util.Map.entry("NON_KEYWORDS", Set.of()),
            java.util.Map.entry("LOCK_TIMEOUT", Set.of()), java.util.Map.entry("QUERY_TIMEOUT", Set.of()),
            java.util.Map.entry("DB_CLOSE_DELAY", Set.of()), java.util.Map.entry("IFEXISTS", Set.of("TRUE")),
            java.util.Map.entry("ACCESS_MODE_DATA", Set.of("R")));

    /** H2 file-system prefixes that still name a file on this machine; others (zip:, memFS:, …) are refused. */
    private static final Pattern H2_FILE_PREFIXES = Pattern.compile("^(?:(?:file|nio|niomapped|async|retry|split(?::\\d+)?):)+",
            Pattern.CASE_INSENSITIVE);

    /** PostgreSQL connection parameters a source may set (the driver's names, case-sensitive as it reads them). */
    private static final Set<String> POSTGRES_PARAMETERS = Set.of("ssl", "sslmode", "connectTimeout", "socketTimeout", "loginTimeout",
            "ApplicationName", "currentSchema", "readOnly", "readOnlyMode", "targetServerType", "tcpKeepAlive", "prepareThreshold",
            "defaultRowFetchSize", "stringtype", "binaryTransfer");

    private final Path dataDir;
    private final String portalUrl;

    JdbcUrlPolicy(@Value("${esteira.data-dir}") Path dataDir, @Value("${spring.datasource.url}") String portalUrl) {
        this.dataDir = dataDir;
        this.portalUrl = portalUrl;
    }

    /** @throws InvalidRequestException naming the field {@code jdbcUrl} */
    void check(String address) {
        String url = address.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            refuse("A JDBC address starts with jdbc:, e.g. jdbc:postgresql://host:5432/warehouse");
        }
        if (!url.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            refuse("The address may hold printable ASCII characters only");
        }
        if (lower.contains("password=")) {
            refuse("Put the password in the password field, not in the address: it is stored encrypted there");
        }
        if (url.equalsIgnoreCase(portalUrl.strip())) {
            refuse(OWN_DATABASE);
        }
        switch (SqlDialect.of(url)) {
            case H2 -> checkH2(url.substring("jdbc:h2:".length()));
            case POSTGRESQL -> checkPostgres(url);
            case OTHER -> refuse("Only PostgreSQL (jdbc:postgresql:) and H2 (jdbc:h2:) sources are supported");
        }
    }

    private static final String OWN_DATABASE = "This is the portal's own database or one of its files; it cannot be a data source";

    private void checkH2(String rest) {
        int semicolon = rest.indexOf(';');
        String database = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (semicolon >= 0) {
            for (String setting : rest.substring(semicolon + 1).split(";", -1)) {
                if (setting.isEmpty()) {
                    continue;
                }
                int equals = setting.indexOf('=');
                if (equals < 0) {
                    refuse("The H2 setting " + setting + " has no value (write KEY=VALUE)");
                }
                String key = setting.substring(0, equals).toUpperCase(Locale.ENGLISH);
                String value = setting.substring(equals + 1).toUpperCase(Locale.ENGLISH);
                Set<String> values = H2_SETTINGS.get(key);
                if (values == null) {
                    refuse("The H2 setting " + key + " is not allowed in a data source; allowed: "
                            + String.join(", ", H2_SETTINGS.keySet().stream().sorted().toList()));
                }
                if (!values.isEmpty() && !values.contains(value)) {
                    refuse("The H2 setting " + key + " may only be " + String.join(" or ", values));
                }
            }
        }
        String lowerDatabase = database.toLowerCase(Locale.ROOT);
        if (lowerDatabase.startsWith("mem:") || lowerDatabase.startsWith("tcp://") || lowerDatabase.startsWith("ssl://")) {
            if (lowerDatabase.startsWith("mem:")) {
                return; // a database only in memory: whoever creates it is its administrator, which connecting refuses
            }
            String remote = database.substring(database.indexOf("://") + 3);
            String host = remote.split("[/:]", 2)[0];
            if (isThisMachine(host)) {
                refuse("An H2 server on the portal's own machine could serve the portal's own files; connect to another host");
            }
            return;
        }
        Matcher prefixes = H2_FILE_PREFIXES.matcher(database);
        String path = prefixes.find() ? database.substring(prefixes.end()) : database;
        if (path.matches("^[A-Za-z][A-Za-z0-9]+:.*")) {
            refuse("The H2 file system " + path.substring(0, path.indexOf(':')) + ": is not allowed in a data source");
        }
        Path file = h2File(path);
        if (ownFile(file)) {
            refuse(OWN_DATABASE);
        }
    }

    private void checkPostgres(String url) {
        Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
        if (parsed == null) {
            refuse("The PostgreSQL driver cannot read this address; write jdbc:postgresql://host:5432/database");
        }
        for (String name : parsed.stringPropertyNames()) {
            if (!name.startsWith("PG") && !POSTGRES_PARAMETERS.contains(name)) {
                refuse("The PostgreSQL option " + name + " is not allowed in a data source; allowed: "
                        + String.join(", ", POSTGRES_PARAMETERS.stream().sorted().toList()));
            }
        }
        if (SqlDialect.of(portalUrl) == SqlDialect.POSTGRESQL) {
            Properties portal = org.postgresql.Driver.parseURL(portalUrl.strip(), new Properties());
            if (portal != null && Objects.equals(portal.getProperty("PGDBNAME"), parsed.getProperty("PGDBNAME"))
                    && sameServer(portal, parsed)) {
                refuse(OWN_DATABASE);
            }
        }
    }

    /** Whether two parsed addresses reach one server: same port and a host address in common (or both this machine). */
    private static boolean sameServer(Properties a, Properties b) {
        if (!Objects.equals(a.getProperty("PGPORT", "5432"), b.getProperty("PGPORT", "5432"))) {
            return false;
        }
        Set<InetAddress> first = addresses(a.getProperty("PGHOST", "localhost"));
        Set<InetAddress> second = addresses(b.getProperty("PGHOST", "localhost"));
        if (first.isEmpty() || second.isEmpty()) {
            return a.getProperty("PGHOST", "localhost").equalsIgnoreCase(b.getProperty("PGHOST", "localhost"));
        }
        boolean bothHere = first.stream().allMatch(JdbcUrlPolicy::isLocal) && second.stream().allMatch(JdbcUrlPolicy::isLocal);
        first.retainAll(second);
        return bothHere || !first.isEmpty();
    }

    private static Set<InetAddress> addresses(String hosts) {
        Set<InetAddress> all = new HashSet<>();
        for (String host : hosts.split(",")) {
            try {
                all.addAll(Arrays.asList(InetAddress.getAllByName(host.strip())));
            } catch (UnknownHostException e) {
                // an unknown host is no address of ours
            }
        }
        return all;
    }

    private static boolean isThisMachine(String host) {
        Set<InetAddress> all = addresses(host);
        return all.isEmpty() ? host.isBlank() : all.stream().allMatch(JdbcUrlPolicy::isLocal);
    }

    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    /** The database file an H2 path names ({@code <path>.mv.db}), resolved through links and {@code ..}. */
    private static Path h2File(String path) {
        String expanded = path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
        return real(Path.of(expanded + ".mv.db").toAbsolutePath().normalize());
    }

    /** The real path: the deepest existing ancestor resolved with {@code toRealPath}, the rest appended. */
    static Path real(Path path) {
        Path existing = path;
        List<Path> rest = new java.util.ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.addFirst(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            Path resolved = existing.toRealPath();
            for (Path part : rest) {
                resolved = resolved.resolve(part);
            }
            return resolved.normalize();
        } catch (IOException e) {
            return path;
        }
    }

    /**
     * Whether the file is the portal's database, or anything else in its data directory but the demo
     * warehouse: by path after resolution, and by file identity, which hard links share.
     */
    private boolean ownFile(Path file) {
        Path data = real(dataDir.toAbsolutePath().normalize());
        if (file.startsWith(data) && !file.startsWith(data.resolve("warehouse"))) {
            return true;
        }
        Optional<Path> portal = portalH2File();
        if (portal.isPresent()) {
            if (file.equals(portal.get())) {
                return true;
            }
            Object key = fileKey(portal.get());
            return key != null && key.equals(fileKey(file));
        }
        return false;
    }

    /** The portal's own H2 database file, when the portal runs on an H2 file. */
    private Optional<Path> portalH2File() {
        String url = portalUrl.strip();
        if (SqlDialect.of(url) != SqlDialect.H2) {
            return Optional.empty();
        }
        String database = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (database.toLowerCase(Locale.ROOT).startsWith("mem:")) {
            return Optional.empty();
        }
        Matcher prefixes = H2_FILE_PREFIXES.matcher(database);
        return Optional.of(h2File(prefixes.find() ? database.substring(prefixes.end()) : database));
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void refuse(String message) {
        throw new InvalidRequestException("jdbcUrl", message);
    }
}
