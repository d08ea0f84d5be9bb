package io.esteira.scheduling;

import io.esteira.support.PortalProcess;
import io.esteira.support.ScratchPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Portal nodes, each a JVM of its own ({@link PortalProcess}), on one fresh PostgreSQL database, as
 * a clustered deployment runs them: one Quartz job store, one secrets key, one identity provider
 * (mock-oauth2-server in this JVM) whose JWTs the API accepts, as a pipeline's would be. The
 * databases are {@code esteira_cluster_<purpose>_<checkout>} (the portal's) and
 * {@code …_src} (the data source the schedules read), recreated at every start, so that two
 * checkouts on one server do not share them.
 */
final class PortalCluster implements AutoCloseable {

    static final String ISSUER_ID = "esteira-cluster";
    static final String CLIENT_ID = "esteira-portal";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final String database;
    private final String sourceDatabase;
    private final MockOAuth2Server oidc = new MockOAuth2Server();
    private final String secretsKey;
    private final List<String> jvmOptions;
    private final List<PortalProcess> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param purpose    part of the database and directory names, e.g. {@code it}
     * @param jvmOptions for every node, e.g. {@code -Dspring.quartz.properties.org.quartz.threadPool.threadCount=8}
     */
    PortalCluster(String purpose, List<String> jvmOptions) {
        String checkout = HexFormat.of().toHexDigits(Path.of("").toAbsolutePath().toString().hashCode()).substring(2);
        this.database = System.getProperty("esteira.cluster.database", "esteira_cluster_" + purpose + "_" + checkout);
        this.sourceDatabase = database + "_src";
        this.dir = Path.of("target", "cluster", purpose + "-" + System.currentTimeMillis()).toAbsolutePath();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secretsKey = Base64.getEncoder().encodeToString(key);
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xss512k", "-Xmx768m",
                // schedules every few seconds, and a small demo warehouse per node (each node generates its own)
                "-Desteira.scheduling.minimum-interval=PT1S",
                "-Desteira.demo.warehouse.customers=2000", "-Desteira.demo.warehouse.transactions=30000"));
        options.addAll(jvmOptions);
        this.jvmOptions = List.copyOf(options);
        ScratchPostgres.recreate(database);
        ScratchPostgres.recreate(sourceDatabase);
        oidc.start(0);
    }

    /** Starts a node and waits until it is healthy; nodes start one after the other, so demo seeding and migrations never race. */
    PortalProcess startNode(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ESTEIRA_DATA_DIR", dir.resolve(name + "-data").toString());
        env.put("ESTEIRA_DB_URL", ScratchPostgres.url(database));
        env.put("ESTEIRA_DB_USER", ScratchPostgres.USER);
        env.put("ESTEIRA_DB_PASSWORD", "");
        env.put("ESTEIRA_SECRETS_KEY", secretsKey); // one key: a password sealed by one node is opened by the other
        env.put("ESTEIRA_OIDC_ISSUER_URI", oidc.issuerUrl(ISSUER_ID).toString());
        env.put("ESTEIRA_OIDC_CLIENT_ID", CLIENT_ID);
        env.put("ESTEIRA_OIDC_CLIENT_SECRET", "cluster-test");
        env.put("ESTEIRA_WORKSPACES_LOCAL_ENABLED", "false");
        env.put("ESTEIRA_WORKSPACE_CHECK_INTERVAL", "PT1H");
        env.put("ESTEIRA_FEATURE_REFRESH_INTERVAL", "PT1H");
        PortalProcess node = PortalProcess.start(name, dir, env, jvmOptions);
        nodes.add(node);
        return node.awaitHealthy(Duration.ofMinutes(3));
    }

    /** A JWT of the cluster's identity provider for the portal, as a pipeline would get one. */
    String token(String username, List<String> roles, List<String> areas) {
        return oidc.issueToken(ISSUER_ID, username, new DefaultOAuth2TokenCallback(ISSUER_ID, "subject-" + username, "JWT",
                List.of(CLIENT_ID), Map.of("preferred_username", username, "roles", roles, "areas", areas), 3600)).serialize();
    }

    /** The data source the schedules read: a scratch PostgreSQL database, reachable from every node. */
    String sourceUrl() {
        return ScratchPostgres.url(sourceDatabase);
    }

    Connection portalDatabase() throws SQLException {
        return ScratchPostgres.connect(database);
    }

    Path dir() {
        return dir;
    }

    /** Calls the node's REST API; a status other than the expected one fails with the response. */
    JsonNode call(PortalProcess node, String method, String path, String token, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " on " + node.name() + ": expected " + expectedStatus + ", got "
                        + response.statusCode() + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " on " + node.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    UUID areaId(PortalProcess node, String token, String code) {
        for (JsonNode area : call(node, "GET", "/api/v1/areas", token, null, 200)) {
            if (area.get("code").asString().equals(code)) {
                return UUID.fromString(area.get("id").asString());
            }
        }
        throw new AssertionError("no area " + code + " for this token");
    }

    /** Registers the scratch database as a platform-wide source of truth (an administrator's call). */
    UUID registerSource(PortalProcess node, String adminToken) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("name", "cluster scratch " + UUID.randomUUID().toString().substring(0, 8));
        draft.put("description", "A scratch PostgreSQL database for the cluster's schedules");
        String[] reader = io.esteira.support.ScratchReader.of(new String[] {sourceUrl(), ScratchPostgres.USER, ""});
        draft.put("jdbcUrl", reader[0]);
        draft.put("driverClass", "org.postgresql.Driver");
        draft.put("username", reader[1]); // people's queries never run as a superuser
        draft.put("password", reader[2]); // sealed by one node, opened by the others
        draft.put("classification", "SOT");
        draft.put("ownerAreaId", null);
        UUID source = UUID.fromString(call(node, "POST", "/api/v1/data-sources", adminToken, draft, 201).get("id").asString());
        for (JsonNode area : call(node, "GET", "/api/v1/areas", adminToken, null, 200)) {
            call(node, "POST", "/api/v1/data-sources/" + source + "/grants", adminToken,
                    Map.of("areaId", area.get("id").asString(), "schema", "*"), 200);
        }
        return source;
    }

    /** Creates a schedule through the API with only the fields every version of {@link ScheduleDraft} has. */
    UUID createSchedule(PortalProcess node, String token, UUID area, UUID source, String name, String sql, String cron, int timeoutSeconds) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("areaId", area);
        draft.put("name", name);
        draft.put("description", "");
        draft.put("sourceId", source);
        draft.put("sql", sql);
        draft.put("targetTable", null);
        draft.put("targetMode", "NONE");
        draft.put("targetKeys", List.of());
        draft.put("cron", cron);
        draft.put("zone", "UTC");
        draft.put("timeoutSeconds", timeoutSeconds);
        return UUID.fromString(call(node, "POST", "/api/v1/schedules", token, draft, 201).get("id").asString());
    }

    void pause(PortalProcess node, String token, UUID schedule) {
        call(node, "POST", "/api/v1/schedules/" + schedule + "/pause", token, null, 200);
    }

    /** The tail of every node's log, for a failure. */
    String logTails(int lines) {
        return nodes.stream().map(n -> n.logTail(lines)).collect(Collectors.joining("\n"));
    }

    /** Kills every node that is still alive (the test decides when they die gracefully), then the identity provider. */
    @Override
    public void close() {
        try {
            nodes.forEach(PortalProcess::kill);
        } finally {
            oidc.shutdown();
        }
    }
}
