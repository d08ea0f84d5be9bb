package io.esteira.deployments;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static io.esteira.support.Personas.REVIEWER_GOV;
import static io.esteira.support.Personas.REVIEWER_RISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.ChangeApprovals;
import io.esteira.changes.ChangeQueries;
import io.esteira.changes.ChangeRequestView;
import io.esteira.changes.ChangeSubmissions;
import io.esteira.deployments.serving.OnlineServing;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import io.esteira.support.Api;
import io.esteira.support.Api.Response;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the deployments' scenarios share: the demo model {@code card_fraud} v1 of Fraud (a real ONNX
 * model, gates passed, risk tier 2), rows to score, what ONNX Runtime answers on the same bytes,
 * area tokens, and a low-risk (tier 3) copy of the model whose staging releases are standard changes.
 */
public abstract class DeploymentFixture {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration PATIENCE = Duration.ofSeconds(120);
    protected static final String[] CATEGORIES = {"groceries", "restaurants", "fuel", "travel", "electronics", "fashion", "online services", "gambling"};
    protected static final String[] CHANNELS = {"chip", "contactless", "online", "atm"};

    @Autowired
    protected DeploymentService deployments;
    @Autowired
    protected ModelRegistry registry;
    @Autowired
    protected ChangeQueries changeQueries;
    @Autowired
    protected ChangeApprovals changeApprovals;
    @Autowired
    protected ChangeSubmissions changeSubmissions;
    @Autowired
    protected OnlineServing serving;
    @Autowired
    protected AreaService areas;
    @Autowired
    protected ApiTokenService tokens;
    @Autowired
    protected Personas personas;
    @Autowired
    protected AuditTrail audit;
    @Autowired
    protected Api api;
    @Autowired
    protected org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    protected io.micrometer.core.instrument.MeterRegistry meters;

    protected UUID credit;
    protected UUID fraud;
    protected VersionView demo;

    @BeforeEach
    protected void prepare() {
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        credit = all.stream().filter(a -> a.code().equals("CREDIT")).map(AreaSummary::id).findFirst().orElseThrow();
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        ModelView model = await("the demo model's champion").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName("card_fraud", fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        demo = personas.call(DS_FRAUD, () -> registry.production(model.id())).orElseThrow();
        assertThat(demo.passedGates()).isTrue();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected String serviceToken(UUID area, String name) {
        return personas.call(ADMIN, () -> tokens.create(new TokenRequest(name, area, LocalDate.now().plusDays(3), true))).secret();
    }

    public static List<Map<String, Object>> rows(int n) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("amount", Math.round(Math.exp((i * 37 % 100) / 100.0 * 7) * 100) / 100.0);
            row.put("merchant_category", CATEGORIES[i * 7 % CATEGORIES.length]);
            row.put("channel", CHANNELS[i * 3 % CHANNELS.length]);
            rows.add(row);
        }
        return rows;
    }

    /** What ONNX Runtime answers, run directly on the version's bytes. */
    protected float[] direct(List<Map<String, Object>> rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        personas.run(DS_FRAUD, () -> registry.download(demo.modelId(), demo.number()).writer().accept(bytes));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = rows.size();
        float[] amounts = new float[n];
        String[] categories = new String[n];
        String[] channels = new String[n];
        for (int i = 0; i < n; i++) {
            amounts[i] = ((Number) rows.get(i).get("amount")).floatValue();
            categories[i] = (String) rows.get(i).get("merchant_category");
            channels[i] = (String) rows.get(i).get("channel");
        }
        try (OrtSession session = env.createSession(bytes.toByteArray());
                OnnxTensor amount = OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(amounts), new long[] {n, 1});
                OnnxTensor category = OnnxTensor.createTensor(env, categories, new long[] {n, 1});
                OnnxTensor channel = OnnxTensor.createTensor(env, channels, new long[] {n, 1});
                OrtSession.Result result = session.run(Map.of("amount", amount, "merchant_category", category, "channel", channel))) {
            float[][] out = (float[][]) result.get("fraud_probability").orElseThrow().getValue();
            float[] flat = new float[n];
            for (int i = 0; i < n; i++) {
                flat[i] = out[i][0];
            }
            return flat;
        }
    }

    protected String requestJson(String name) {
        return JSON.writeValueAsString(Map.of("versionId", demo.id().toString(), "name", name, "environment", "PRODUCTION",
                "justification", "Card fraud scores for the authorisation flow, online", "rollbackPlan", "Retire the deployment; the rules engine answers"));
    }

    protected DeploymentView awaitState(String name, DeploymentState state) {
        return await(name + " " + state).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(name, null)), d -> d.state() == state);
    }

    protected Response predict(String name, String token, Object body) {
        return api.post("/api/v1/serving/" + name + "/predict", token, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    /** A risk-tier-3 copy of the demo model with {@code versions} versions that passed their gates: its staging releases are standard changes. */
    protected List<VersionView> lowRiskCopy(int versions) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        personas.run(DS_FRAUD, () -> registry.download(demo.modelId(), demo.number()).writer().accept(bytes));
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new io.esteira.models.ModelDraft(fraud, unique("card-fraud-tier3"),
                "Low-risk copy of the demo model", "Fraud dashboards", 3, null, List.of())));
        io.esteira.models.VersionMetadata metadata = new io.esteira.models.VersionMetadata(demo.signature(), demo.metrics(), demo.parameters(),
                demo.lineage(), demo.commit(), demo.ciRunUrl(), "# A copy of the demo model", demo.sha256(), null, null);
        List<VersionView> registered = new ArrayList<>();
        for (int i = 0; i < versions; i++) {
            VersionView v = personas.call(DS_FRAUD, () -> registry.register(model.id(), metadata, new java.io.ByteArrayInputStream(bytes.toByteArray())));
            VersionView gated = await("the gates of v" + v.number()).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> personas.call(DS_FRAUD, () -> registry.versionById(v.id())), VersionView::gatesDone);
            assertThat(gated.passedGates()).as(gated.gateResults().toString()).isTrue();
            registered.add(gated);
        }
        return registered;
    }

    protected DeploymentView awaitRelease(UUID id, DeploymentState state) {
        return await("release " + id + " " + state).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(id)), d -> d.state() == state);
    }

    /** A model-risk and then a governance reviewer approve the change request. */
    protected void approve(UUID changeId) {
        io.esteira.changes.ChangeRequestView change = personas.call(REVIEWER_RISK, () -> changeQueries.get(changeId));
        io.esteira.changes.ChangeRequestView afterRisk = personas.call(REVIEWER_RISK, () -> changeApprovals.approve(changeId,
                "Model risk: fine for this use", change.version()));
        personas.run(REVIEWER_GOV, () -> changeApprovals.approve(changeId, "Governance: evidence complete, go ahead", afterRisk.version()));
    }
}
