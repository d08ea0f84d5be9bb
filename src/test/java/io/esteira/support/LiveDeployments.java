package io.esteira.support;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.changes.Environment;
import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.DeploymentService;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.DeploymentView;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionMetadata;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.TestComponent;

/**
 * A live deployment for other modules' tests (monitoring): a risk-tier-3 copy of the demo model
 * {@code card_fraud} of Fraud released to staging, a standard change that goes live without review.
 */
@TestComponent
public class LiveDeployments {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String[] CATEGORIES = {"groceries", "restaurants", "fuel", "travel", "electronics", "fashion", "online services", "gambling"};
    private static final String[] CHANNELS = {"chip", "contactless", "online", "atm"};

    /** Runs work as a person (tests with personas) or as the system (browser tests). */
    interface Acting {
        <T> T call(String username, java.util.function.Supplier<T> work);

        default void run(String username, Runnable work) {
            call(username, () -> {
                work.run();
                return null;
            });
        }
    }

    private final DeploymentService deployments;
    private final ModelRegistry registry;
    private final AreaService areas;
    private final Acting personas;

    @org.springframework.beans.factory.annotation.Autowired
    LiveDeployments(DeploymentService deployments, ModelRegistry registry, AreaService areas, Personas personas) {
        this(deployments, registry, areas, new Acting() {
            public <T> T call(String username, java.util.function.Supplier<T> work) {
                return personas.call(username, work);
            }
        });
    }

    private LiveDeployments(DeploymentService deployments, ModelRegistry registry, AreaService areas, Acting acting) {
        this.deployments = deployments;
        this.registry = registry;
        this.areas = areas;
        this.personas = acting;
    }

    /** For browser tests, whose context has no personas: everything is done as the system. */
    public static LiveDeployments asSystem(DeploymentService deployments, ModelRegistry registry, AreaService areas) {
        return new LiveDeployments(deployments, registry, areas, new Acting() {
            public <T> T call(String username, java.util.function.Supplier<T> work) {
                return io.esteira.shared.security.SystemActor.call(work);
            }
        });
    }

    public UUID fraud() {
        return personas.call(ADMIN, areas::myAreas).stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
    }

    /** A new live staging deployment of Fraud, named {@code prefix-xxxxxxxx}, logging every call's inputs and outputs. */
    public DeploymentView liveInStaging(String prefix) {
        return liveIn(prefix, Environment.STAGING, null);
    }

    /**
     * A new live production deployment of Fraud: a normal change, whose change request (by id) {@code approve}
     * gets approved (by a model-risk and a governance reviewer).
     */
    public DeploymentView liveInProduction(String prefix, java.util.function.Consumer<UUID> approve) {
        return liveIn(prefix, Environment.PRODUCTION, approve);
    }

    private DeploymentView liveIn(String prefix, Environment environment, java.util.function.Consumer<UUID> approve) {
        return release(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), environment, approve);
    }

    /** A new release of a live staging endpoint (a new copy of the demo model), live in its place. */
    public DeploymentView releaseAgain(DeploymentView endpoint) {
        return release(endpoint.name(), endpoint.environment(), null);
    }

    private DeploymentView release(String name, Environment environment, java.util.function.Consumer<UUID> approve) {
        UUID fraud = fraud();
        ModelView demoModel = await("the demo model's champion").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> personas.call(DS_FRAUD, () -> {
                    try {
                        return registry.getByName("card_fraud", fraud);
                    } catch (NotFoundException e) {
                        return null;
                    }
                }), m -> m != null && m.champion().isPresent());
        VersionView demo = personas.call(DS_FRAUD, () -> registry.production(demoModel.id())).orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        personas.run(DS_FRAUD, () -> registry.download(demo.modelId(), demo.number()).writer().accept(bytes));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, "card-fraud-copy-" + suffix,
                "Low-risk copy of the demo model", "Fraud dashboards", 3, null, List.of())));
        VersionMetadata metadata = new VersionMetadata(demo.signature(), demo.metrics(), demo.parameters(), demo.lineage(), demo.commit(),
                demo.ciRunUrl(), "# A copy of the demo model", demo.sha256(), null, null);
        VersionView v = personas.call(DS_FRAUD, () -> registry.register(model.id(), metadata, new ByteArrayInputStream(bytes.toByteArray())));
        await("the gates of the copy").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> registry.versionById(v.id())), VersionView::gatesDone);
        DeploymentView requested = personas.call(DS_FRAUD, () -> deployments.request(new DeploymentDraft(v.id(), name, environment,
                null, null, null, null, null, null, null, 100, null, "Scores for the fraud dashboards in " + environment.name().toLowerCase(),
                environment == Environment.PRODUCTION ? "Retire the deployment; the dashboards fall back to the rules" : null)));
        if (approve != null) {
            approve.accept(requested.changeId());
        }
        return await(name + " live").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> personas.call(DS_FRAUD, () -> deployments.get(requested.id())), d -> d.state() == DeploymentState.LIVE);
    }

    /** Card transactions the demo model scores. */
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
}
