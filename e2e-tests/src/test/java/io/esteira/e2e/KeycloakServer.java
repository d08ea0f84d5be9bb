package io.esteira.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real Keycloak for a test class, without Docker: the server distribution that Maven unpacked into
 * {@code target/keycloak} ({@code esteira.keycloak.home}), started with {@code kc.sh start-dev --import-realm} on a
 * JDK 17 or 21 of the machine, with a copy of the repository's realm ({@code docker/keycloak/esteira-realm.json})
 * made to fit the test: the portal's address on its test port, a known client secret, passwords that are not
 * temporary, and the realm users the test adds. Its database is thrown away before every start, so each run
 * begins from the realm as the repository has it; the unpacked folder is kept between runs.
 */
final class KeycloakServer implements BeforeAllCallback, AfterAllCallback {

    static final String REALM = "esteira";
    static final String CLIENT_ID = "esteira-portal";
    static final String CLIENT_SECRET = "keycloak-it-secret";
    private static final String ADMIN = "kc-admin";
    private static final String ADMIN_PASSWORD = "kc-admin-" + Long.toHexString(System.nanoTime());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final int port = freePort();
    private final int managementPort = freePort();
    private final int portalPort;
    private final List<String> extraUsers;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Path log;

    /** {@code extraUsers}: realm user representations (JSON) added to the realm copy. */
    KeycloakServer(int portalPort, String... extraUsers) {
        this.portalPort = portalPort;
        this.extraUsers = List.of(extraUsers);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String configured = System.getProperty("esteira.keycloak.home");
        Assumptions.assumeTrue(configured != null, "no esteira.keycloak.home: run through ./mvnw verify, which unpacks Keycloak");
        Path home = Paths.get(configured).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + " (maven-dependency-plugin unpacks it before the browser tests)");
        }
        Path javaHome = keycloakJdk().orElseThrow(() -> new IllegalStateException(
                "Keycloak needs a JDK 17 or 21; none found under /usr/lib/jvm (or set esteira.keycloak.java-home)"));
        deleteTree(home.resolve("data/h2"));
        Files.createDirectories(home.resolve("data/import"));
        Files.writeString(home.resolve("data/import/" + REALM + "-realm.json"), realmCopy());
        log = home.resolve("keycloak-it.log");
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + managementPort, "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().remove("JAVA_OPTS");
        long startedAt = System.nanoTime();
        process = builder.start();
        Process started = process;
        // a test JVM that is stopped abruptly leaves no Keycloak behind holding its ports
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }));
        awaitReady();
        System.out.printf("Keycloak ready at %s in %d s (log: %s)%n", baseUrl(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt), log);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        process = null;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI wellKnown = URI.create(issuer() + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak stopped while starting:\n" + tail());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(wellKnown).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The repository's realm, pointed at the portal's test port, with a known secret and the test's users. */
    private String realmCopy() throws IOException {
        String text = Files.readString(Paths.get("docker/keycloak/esteira-realm.json"))
                .replace("${ESTEIRA_OIDC_CLIENT_SECRET}", CLIENT_SECRET)
                .replace("http://localhost:8080", "http://localhost:" + portalPort);
        ObjectNode realm = (ObjectNode) json.readTree(text);
        ArrayNode users = (ArrayNode) realm.get("users");
        for (JsonNode user : users) {
            for (JsonNode credential : user.path("credentials")) {
                ((ObjectNode) credential).put("temporary", false); // no "update your password" page in the way
            }
        }
        for (String user : extraUsers) {
            users.add(json.readTree(user));
        }
        return json.writeValueAsString(realm);
    }

    /** A JDK 17 or 21 for Keycloak 26.0 (the portal's own JDK 25 is too new for it). */
    static Optional<Path> keycloakJdk() throws IOException {
        String configured = System.getProperty("esteira.keycloak.java-home");
        if (configured != null) {
            return Optional.of(Paths.get(configured));
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> candidates = Files.list(jvms)) {
            return candidates.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .filter(jdk -> {
                        try {
                            String release = Files.readString(jdk.resolve("release"));
                            return release.contains("JAVA_VERSION=\"17.") || release.contains("JAVA_VERSION=\"21.");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .findFirst();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // --- the admin REST API, as an administrator of the realm would use it ---

    /** Takes a realm role away from a realm user, through Keycloak's admin REST API. */
    void removeRealmRole(String username, String role) throws Exception {
        String token = adminToken();
        JsonNode found = json.readTree(send(token, "GET", "/admin/realms/" + REALM + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null));
        String userId = found.get(0).get("id").asString();
        String representation = send(token, "GET", "/admin/realms/" + REALM + "/roles/" + role, null);
        send(token, "DELETE", "/admin/realms/" + REALM + "/users/" + userId + "/role-mappings/realm", "[" + representation + "]");
    }

    private String adminToken() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password="
                + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8);
        var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak's admin token: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("access_token").asString();
    }

    private String send(String token, String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
