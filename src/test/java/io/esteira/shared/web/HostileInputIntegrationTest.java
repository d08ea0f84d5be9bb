package io.esteira.shared.web;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;

import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.IntegrationTest;
import io.esteira.support.Personas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad input never answers 5xx: every operation of the portal's own OpenAPI document gets hostile
 * and malformed path values, query and paging parameters and bodies, from a data scientist and
 * from an administrator, and no answer may be a server error.
 */
@IntegrationTest
class HostileInputIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}/]+)}");

    /** Path values: unknown, malformed, long, traversal, unicode, numbers. */
    /** Operations a training pod calls with its run's one-time token: a person's token is refused there (401), by design. */
    private static final Set<String> RUN_TOKEN_ONLY = Set.of("/api/v1/training/runs/{id}/bundle", "/api/v1/training/runs/{id}/outputs/**");
    private static final List<String> PATH_VALUES = List.of(
            UUID.randomUUID().toString(), "not-a-uuid", "a".repeat(2000), "..%2F..%2Fetc%2Fpasswd", "..",
            enc("çãõ☃\uD83D\uDE00"), "-1", "0", "99999999999999999999", enc("' or 1=1 --"), enc("<script>"));

    /** Query values for every declared parameter. */
    private static final List<String> QUERY_VALUES = List.of(
            "-1", "0", "100000", "99999999999999999999", "abc", "", "x".repeat(3000), enc("çã☃"),
            "unknown,desc", "passwordHash", "true", "2020-13-45", "..%2F..%2F", enc("' or 1=1 --"),
            UUID.randomUUID().toString(), "not-a-uuid");

    /** Paging and sorting, sent to every GET whether or not it declares them. */
    private static final List<String> PAGING = List.of(
            "page=-1", "page=abc", "page=99999999999", "page=2147483647", "size=100000", "size=0", "size=-5",
            "size=abc", "sort=unknown,desc", "sort=passwordHash", "sort=passwordHash,asc", "sort=id,sideways",
            "sort=", "sort=,", "sort=" + enc("name;drop table x"), "page=0&size=1&sort=name,desc&sort=unknown");

    @Autowired
    Personas personas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Api api;
    @Autowired
    Environment environment;

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private JsonNode document;

    @BeforeEach
    void readTheOpenApiDocument() {
        Response response = api.get("/v3/api-docs", null);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        document = response.json();
        assertThat(document.path("paths").size()).as("operations in the OpenAPI document").isGreaterThan(20);
    }

    @Test
    void no_operation_answers_a_server_error_to_a_data_scientist_sending_hostile_input() {
        assertNoServerErrors(tokenOf(DS_FRAUD));
    }

    @Test
    void no_operation_answers_a_server_error_to_an_administrator_sending_hostile_input() {
        assertNoServerErrors(tokenOf(ADMIN));
    }

    @Test
    void lists_refuse_out_of_bounds_paging_and_sorting_by_unknown_or_hidden_properties_with_a_problem_400() {
        String token = tokenOf(DS_FRAUD);
        for (String list : List.of("/api/v1/schedules", "/api/v1/models", "/api/v1/deployments", "/api/v1/data-sources",
                "/api/v1/feature-groups", "/api/v1/change-requests", "/api/v1/notifications")) {
            for (String paging : List.of("page=-1", "page=2147483647", "size=0", "size=100000", "sort=unknown,desc",
                    "sort=passwordHash", "sort=areaId")) {
                Response response = api.get(list + "?" + paging, token);
                assertThat(response.status()).as(list + "?" + paging + " -> " + response).isEqualTo(400);
                assertThat(response.contentType()).as(list + "?" + paging).startsWith("application/problem+json");
                assertThat(response.body()).as("echoes no hidden property").doesNotContain("passwordHash");
            }
            Response plain = api.get(list + "?page=0&size=500", token);
            assertThat(plain.status()).as(list + " within bounds -> " + plain).isEqualTo(200);
        }
        Response sorted = api.get("/api/v1/models?sort=name,desc&sort=createdAt", token);
        assertThat(sorted.status()).as("an allowed sort: " + sorted).isEqualTo(200);
    }

    private void assertNoServerErrors(String token) {
        List<String> offenders = new ArrayList<>();
        List<String> unauthorized = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            String template = path.getKey();
            if (!template.startsWith("/api/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                for (Attempt attempt : attempts(method, template, operation.getValue())) {
                    calls++;
                    int status;
                    String body;
                    try {
                        HttpResponse<String> response = send(token, attempt);
                        status = response.statusCode();
                        body = response.body();
                    } catch (UncheckedIOException e) {
                        status = -1;
                        body = String.valueOf(e.getCause());
                    }
                    if (status == 401 && !RUN_TOKEN_ONLY.contains(template)) {
                        unauthorized.add(method + " " + template + " [" + attempt.what() + "]");
                    }
                    if (status >= 500 || status < 0) {
                        offenders.add(method + " " + template + " [" + attempt.what() + "] -> " + status + " "
                                + abbreviate(body));
                    }
                }
            }
        }
        assertThat(calls).as("calls made").isGreaterThan(500);
        assertThat(unauthorized).as("calls the token did not even get in with (the test would prove nothing)").isEmpty();
        assertThat(offenders).as("operations answering a server error to bad input (" + offenders.size() + ")")
                .isEmpty();
    }

    private List<Attempt> attempts(String method, String template, JsonNode operation) {
        List<Attempt> attempts = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        Matcher m = PATH_VARIABLE.matcher(template);
        while (m.find()) {
            variables.add(m.group(1));
        }
        String unknown = fill(template, variables, null, UUID.randomUUID().toString());
        for (String variable : variables) {
            for (String value : PATH_VALUES) {
                attempts.add(new Attempt(method, fill(template, variables, variable, value), null,
                        "path " + variable + "=" + abbreviate(value)));
            }
        }
        List<String> queryParameters = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if ("query".equals(parameter.path("in").asString())) {
                queryParameters.add(parameter.path("name").asString());
            }
        }
        String base = unknown;
        for (String parameter : queryParameters) {
            for (String value : QUERY_VALUES) {
                attempts.add(new Attempt(method, base + "?" + parameter + "=" + value, null,
                        "query " + parameter + "=" + abbreviate(value)));
            }
        }
        if ("GET".equals(method)) {
            for (String paging : PAGING) {
                attempts.add(new Attempt(method, base + "?" + paging, null, abbreviate(paging)));
            }
        }
        if (operation.has("requestBody")) {
            JsonNode schema = bodySchema(operation.path("requestBody"));
            for (Map.Entry<String, String> body : bodies(schema).entrySet()) {
                attempts.add(new Attempt(method, base, body.getValue(), "body " + body.getKey()));
            }
        } else if (!"GET".equals(method)) {
            attempts.add(new Attempt(method, base, "{", "unexpected malformed body"));
        }
        if (attempts.isEmpty() || variables.isEmpty()) {
            attempts.add(new Attempt(method, base, operation.has("requestBody") ? "{}" : null, "plain"));
        }
        return attempts;
    }

    /** Malformed JSON, empty bodies, missing fields, and each field with a value of the wrong type. */
    private Map<String, String> bodies(JsonNode schema) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty", "");
        bodies.put("malformed", "{\"a\": ");
        bodies.put("not an object", "[1, 2]");
        bodies.put("null", "null");
        bodies.put("string", "\"x\"");
        bodies.put("no fields", "{}");
        bodies.put("deeply nested", "[".repeat(2000) + "]".repeat(2000));
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            ObjectNode allWrong = JSON.createObjectNode();
            ObjectNode allNull = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode definition = resolve(property.getValue());
                for (JsonNode wrong : wrongValues(definition)) {
                    ObjectNode body = JSON.createObjectNode();
                    body.set(property.getKey(), wrong);
                    bodies.put(property.getKey() + "=" + abbreviate(wrong.toString()), body.toString());
                }
                allWrong.set(property.getKey(), wrongValues(definition).getFirst());
                allNull.putNull(property.getKey());
            }
            bodies.put("every field of the wrong type", allWrong.toString());
            bodies.put("every field null", allNull.toString());
        }
        return bodies;
    }

    private List<JsonNode> wrongValues(JsonNode definition) {
        String type = definition.path("type").asString("");
        String format = definition.path("format").asString("");
        List<JsonNode> values = new ArrayList<>();
        switch (type) {
            case "integer", "number" -> {
                values.add(JSON.getNodeFactory().stringNode("abc"));
                values.add(JSON.getNodeFactory().numberNode(new java.math.BigDecimal("1e400")));
                values.add(JSON.getNodeFactory().numberNode(-1));
            }
            case "boolean" -> values.add(JSON.getNodeFactory().stringNode("maybe"));
            case "array" -> {
                values.add(JSON.getNodeFactory().stringNode("not a list"));
                values.add(JSON.createArrayNode().add(JSON.createObjectNode()).addNull());
            }
            case "object" -> values.add(JSON.getNodeFactory().numberNode(42));
            default -> {
                values.add(JSON.createObjectNode().put("nested", 1));
                values.add(JSON.getNodeFactory().stringNode(switch (format) {
                    case "uuid" -> "not-a-uuid";
                    case "date", "date-time" -> "2020-13-45";
                    default -> "x".repeat(100_000);
                }));
                values.add(JSON.getNodeFactory().stringNode("çã☃\u0000\u202E"));
                values.add(JSON.getNodeFactory().numberNode(7));
            }
        }
        return values;
    }

    private JsonNode bodySchema(JsonNode requestBody) {
        JsonNode content = requestBody.path("content");
        JsonNode json = content.path("application/json");
        JsonNode media = json.isMissingNode() ? content.valueStream().findFirst().orElse(json) : json;
        return resolve(media.path("schema"));
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(schema.path("allOf").get(0));
        }
        return schema;
    }

    private static String fill(String template, Set<String> variables, String hostile, String value) {
        String path = template;
        for (String variable : variables) {
            String v = variable.equals(hostile) ? value : UUID.randomUUID().toString();
            if (hostile == null) {
                v = value;
            }
            path = path.replace("{" + variable + "}", v);
        }
        return path;
    }

    private HttpResponse<String> send(String token, Attempt attempt) {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + attempt.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (attempt.body() != null) {
            request.header("Content-Type", "application/json");
        }
        HttpRequest.BodyPublisher body = attempt.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(attempt.body());
        request.method(attempt.method(), body);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String tokenOf(String username) {
        return personas.call(username, () -> tokens.create(new TokenRequest("hostile input " + UUID.randomUUID()
                .toString().substring(0, 8), null, LocalDate.now().plusDays(30), false))).secret();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String oneLine = String.valueOf(text).replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    private record Attempt(String method, String path, String body, String what) {
    }
}
