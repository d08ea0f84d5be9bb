package io.esteira.training;

import static io.esteira.support.Personas.ADMIN;
import static io.esteira.support.Personas.DS_CREDIT;
import static io.esteira.support.Personas.DS_FRAUD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.esteira.areas.AreaService;
import io.esteira.areas.AreaSummary;
import io.esteira.costs.UsageLedger;
import io.esteira.features.FeatureGroupService;
import io.esteira.features.FeatureGroupView;
import io.esteira.identity.ApiTokenService;
import io.esteira.identity.TokenRequest;
import io.esteira.models.ModelDraft;
import io.esteira.models.ModelRegistry;
import io.esteira.models.ModelView;
import io.esteira.models.VersionView;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.security.SystemActor;
import io.esteira.support.Api;
import io.esteira.support.AuditTrail;
import io.esteira.support.Personas;
import io.esteira.training.domain.RunState;
import io.esteira.training.domain.TrainingJob;
import io.esteira.training.domain.TrainingJobs;
import io.esteira.training.domain.TrainingRun;
import io.esteira.training.domain.TrainingRuns;
import io.esteira.training.runners.kubernetes.KubernetesJobRunner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Training on Kubernetes against fabric8's mock API server (CRUD mode): the portal makes a Job per run; the test plays
 * the cluster's part (it runs the Job's container command here as a process, with the Job's environment and the token
 * from the Job's Secret, and writes the Job's and pod's status as Kubernetes would), so the pod's bootstrap really
 * fetches its inputs from the portal and sends its outputs back with the run's token, and the portal registers the
 * version from them. One mock server for every context of the run (H2 and PostgreSQL), left to the JVM's end: a
 * cached context may still point at it.
 */
abstract class KubernetesTrainingScenarios {

    static final String NAMESPACE = "esteira-ml-training";
    static final String PORTAL = "https://esteira.bank.example";
    static final String IMAGE = "registry.bank.example/esteira/train-python:3.12";
    static final String SERVICE_ACCOUNT = "esteira-trainer";
    static final Path POD_DIR = Path.of("target/test-data/kubernetes-pod").toAbsolutePath();
    static final Duration RUN = Duration.ofSeconds(180);
    /** The pods' logs as the "kubelet" of this test caught them, by pod name; served at {@code .../pods/{name}/log}. */
    static final Map<String, String> POD_LOGS = new ConcurrentHashMap<>();
    static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log.*");
    static final KubernetesMockServer CLUSTER = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    Matcher log = LOG_PATH.matcher(request.getPath());
                    if (log.matches()) {
                        String text = POD_LOGS.get(log.group(1));
                        return text == null ? new MockResponse().setResponseCode(404) : new MockResponse().setResponseCode(200).setBody(text);
                    }
                    return super.dispatch(request);
                }
            }, false);
    static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry properties) {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        synchronized (CLUSTER) {
            if (CLUSTER.getPort() <= 0) {
                CLUSTER.init();
            }
        }
        properties.add("esteira.training.kubernetes.master-url", () -> CLUSTER.url("/"));
        properties.add("esteira.training.kubernetes.namespace", () -> NAMESPACE);
        properties.add("esteira.training.kubernetes.service-account", () -> SERVICE_ACCOUNT);
        properties.add("esteira.training.kubernetes.portal-url", () -> PORTAL);
        properties.add("esteira.training.kubernetes.images.python3", () -> IMAGE);
        properties.add("esteira.training.kubernetes.ttl-after-finished", () -> "PT2H");
        properties.add("esteira.training.kubernetes.poll-interval", () -> "PT0.2S");
        properties.add("esteira.training.kubernetes.pod-directory", POD_DIR::toString);
        // one local run per node: the Kubernetes runs (two at once below) take none of that room
        properties.add("esteira.training.max-concurrent-runs", () -> "1");
    }

    @Autowired
    TrainingService training;
    @Autowired
    RunDispatcher dispatcher;
    @Autowired
    TrainingRuns runs;
    @Autowired
    TrainingJobs jobs;
    @Autowired
    ModelRegistry registry;
    @Autowired
    FeatureGroupService featureGroups;
    @Autowired
    UsageLedger usage;
    @Autowired
    AreaService areas;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    Personas personas;
    @Autowired
    AuditTrail audit;
    @Autowired
    Api api;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Value("${esteira.node-id:local}")
    String node;
    @Value("${local.server.port}")
    int port;

    KubernetesClient kube;
    UUID fraud;
    UUID warehouse;

    @BeforeEach
    void prepare() {
        kube = CLUSTER.createClient();
        List<AreaSummary> all = personas.call(ADMIN, areas::myAreas);
        fraud = all.stream().filter(a -> a.code().equals("FRAUD")).map(AreaSummary::id).findFirst().orElseThrow();
        await("the demo feature group published").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> SystemActor.call(() -> {
                    try {
                        return featureGroups.getByName(TrainingScenarios.GROUP).latestPublished().isPresent();
                    } catch (NotFoundException e) {
                        return false;
                    }
                }));
        FeatureGroupView.VersionView published = SystemActor.call(() -> featureGroups.getByName(TrainingScenarios.GROUP).latestPublished())
                .orElseThrow();
        warehouse = published.sourceId();
    }

    TrainingJobView job(String sample, String entrypoint, String size) {
        ModelView model = personas.call(DS_FRAUD, () -> registry.create(new ModelDraft(fraud, TrainingScenarios.unique("fraud-k8s"), "",
                "Card fraud alerts", 3, null, List.of())));
        return personas.call(DS_FRAUD, () -> training.create(new TrainingJobDraft(fraud, TrainingScenarios.unique("job"), "On the cluster",
                model.name(), new TrainingJobDraft.Source("SAMPLE", sample, ""), entrypoint, null, KubernetesJobRunner.KIND, Map.of("C", "0.5"),
                size, 10, 7L, new TrainingJobDraft.Inputs(List.of(new TrainingJobDraft.Group(TrainingScenarios.GROUP, null,
                        List.of("amount", "merchant_category", "channel"))), warehouse, TrainingScenarios.ENTITIES, "label", null, null))));
    }

    Job awaitJob(UUID runId) {
        return await("the Job of run " + runId).atMost(RUN).pollInterval(Duration.ofMillis(200))
                .until(() -> kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(runId)).get(),
                        java.util.Objects::nonNull);
    }

    TrainingRunView awaitEnd(UUID runId) {
        await("run " + runId + " ends").atMost(RUN).pollInterval(Duration.ofMillis(300))
                .until(() -> RunState.valueOf(personas.call(DS_FRAUD, () -> training.run(runId)).state()).finished());
        return personas.call(DS_FRAUD, () -> training.run(runId));
    }

    String token(UUID runId) {
        Secret secret = kube.secrets().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(runId)).get();
        if (secret.getStringData() != null && secret.getStringData().containsKey(KubernetesJobRunner.TOKEN_KEY)) {
            return secret.getStringData().get(KubernetesJobRunner.TOKEN_KEY);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(KubernetesJobRunner.TOKEN_KEY)), StandardCharsets.UTF_8);
    }

    /**
     * The cluster's part for a Job: its container's command runs here with the Job's environment (the Secret's token, the
     * portal's address mapped to this test's server), its output becomes the pod's log, and the pod's and the Job's status
     * say how it ended. @return the pod's log
     */
    String runPod(Job job) throws Exception {
        Container container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null) {
                env.put(var.getName(), token(UUID.fromString(job.getMetadata().getLabels().get(KubernetesJobRunner.RUN_LABEL))));
            } else {
                env.put(var.getName(), var.getValue());
            }
        }
        assertThat(env.get("ESTEIRA_PORTAL_URL")).isEqualTo(PORTAL);
        env.put("ESTEIRA_PORTAL_URL", "http://127.0.0.1:" + port);
        org.springframework.util.FileSystemUtils.deleteRecursively(POD_DIR);
        Files.createDirectories(POD_DIR);
        // the image's python3 is Debian's, with scikit-learn and onnx (as the local runner's); not whatever the test's PATH finds first
        List<String> command = new ArrayList<>(container.getCommand());
        assertThat(command.getFirst()).isEqualTo("python3");
        command.set(0, "/usr/bin/python3");
        ProcessBuilder builder = new ProcessBuilder(command).directory(POD_DIR.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().putAll(env);
        String podName = job.getMetadata().getName() + "-" + UUID.randomUUID().toString().substring(0, 5);
        Pod pod = kube.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(podName)
                .addToLabels("job-name", job.getMetadata().getName()).addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata().withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        int exit = process.exitValue();
        POD_LOGS.put(podName, log);
        kube.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(KubernetesJobRunner.CONTAINER).withImage(container.getImage())
                            .withNewState().withNewTerminated().withExitCode(exit).withReason(exit == 0 ? "Completed" : "Error").endTerminated()
                            .endState().build()).build());
            return p;
        });
        jobEnded(job.getMetadata().getName(), exit == 0 ? "Complete" : "Failed", exit == 0 ? null : "BackoffLimitExceeded");
        return log;
    }

    void jobEnded(String name, String condition, String reason) {
        kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                    .withReason(reason).build()).withSucceeded("Complete".equals(condition) ? 1 : 0).withFailed("Failed".equals(condition) ? 1 : 0)
                    .build());
            return j;
        });
    }

    @Test
    void a_run_on_kubernetes_is_a_job_with_the_sizes_resources_its_limits_labels_and_the_contracts_environment() {
        TrainingJobView job = job("contract", "sleeps.py", "GPU-T4");
        TrainingRunView queued = personas.call(DS_FRAUD, () -> training.start(job.id()));
        Job k8s = awaitJob(queued.id());

        assertThat(k8s.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(k8s.getMetadata().getLabels()).containsEntry(KubernetesJobRunner.RUN_LABEL, queued.id().toString())
                .containsEntry(KubernetesJobRunner.JOB_LABEL, job.name()).containsEntry(KubernetesJobRunner.AREA_LABEL, "FRAUD")
                .containsEntry(KubernetesJobRunner.AREA_ID_LABEL, fraud.toString()).containsEntry("app.kubernetes.io/managed-by", "esteira");
        assertThat(k8s.getSpec().getBackoffLimit()).isZero();
        assertThat(k8s.getSpec().getActiveDeadlineSeconds()).as("the job's maximum run time").isEqualTo(600L);
        assertThat(k8s.getSpec().getTtlSecondsAfterFinished()).isEqualTo(7200);
        var pod = k8s.getSpec().getTemplate().getSpec();
        assertThat(k8s.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(KubernetesJobRunner.RUN_LABEL, queued.id().toString());
        assertThat(pod.getServiceAccountName()).isEqualTo(SERVICE_ACCOUNT);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).as("a node with the size's GPU").containsExactly(Map.entry("esteira.io/gpu-type", "nvidia-t4"));
        Container container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getCommand()).startsWith("python3", "-u", "-c");
        Map<String, Quantity> expected = Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), KubernetesJobRunner.GPU, new Quantity("1"));
        assertThat(container.getResources().getRequests()).isEqualTo(expected);
        assertThat(container.getResources().getLimits()).isEqualTo(expected);
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        assertThat(env.keySet()).containsAll(List.of("HOME", "TMPDIR", "LANG", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PYTHONNOUSERSITE",
                "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "ESTEIRA_RUN_ID", "ESTEIRA_RUN_NUMBER", "ESTEIRA_JOB", "ESTEIRA_MODEL",
                "ESTEIRA_INPUT_DIR", "ESTEIRA_TRAINING_SET", "ESTEIRA_INPUTS", "ESTEIRA_PARAMS", "ESTEIRA_OUTPUT_DIR", "ESTEIRA_SEED",
                "ESTEIRA_LABEL", "ESTEIRA_RUN_TOKEN"));
        assertThat(env).containsEntry("ESTEIRA_RUN_ID", queued.id().toString()).containsEntry("ESTEIRA_SEED", "7")
                .containsEntry("OMP_NUM_THREADS", "8").containsEntry("ESTEIRA_OUTPUT_DIR", POD_DIR + "/output")
                .containsEntry("ESTEIRA_TRAINING_SET", POD_DIR + "/inputs/training-set.csv").containsEntry("ESTEIRA_PORTAL_URL", PORTAL);
        assertThat(env.get("ESTEIRA_RUN_TOKEN")).as("the token comes from the run's Secret, not the Job's spec").isNull();
        assertThat(container.getEnv().stream().filter(e -> e.getName().equals("ESTEIRA_RUN_TOKEN")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo(KubernetesJobRunner.jobName(queued.id()));
        assertThat(k8s.toString()).as("the token is nowhere in the Job").doesNotContain(token(queued.id()));
        assertThat(jdbc.queryForObject("select run_token_hash from training_run where id = ?", String.class, queued.id()))
                .as("only the token's hash is kept").isEqualTo(RunExchange.hash(token(queued.id()))).isNotEqualTo(token(queued.id()));

        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(queued.id())).state().equals("RUNNING"));
        TrainingRunView running = personas.call(DS_FRAUD, () -> training.run(queued.id()));
        assertThat(running.runner()).isEqualTo("kubernetes");
        audit.awaitEntry(AuditTrail.actionOn("training-run.running", queued.id().toString()));
        personas.run(DS_FRAUD, () -> training.cancel(queued.id()));
        assertThat(awaitEnd(queued.id()).state()).isEqualTo("CANCELLED");
    }

    @Test
    void a_succeeded_job_sends_its_outputs_with_the_run_token_and_the_portal_registers_the_version() throws Exception {
        TrainingJobView job = job("logistic-regression", "train.py", "XS");
        UUID runId = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        Job k8s = awaitJob(runId);
        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(runId)).state().equals("RUNNING"));
        String token = token(runId);
        String podLog = runPod(k8s);
        assertThat(podLog).contains("[esteira pod] Fetching the run's code").contains("Sent model.onnx").contains("Sent metrics.json");

        TrainingRunView run = awaitEnd(runId);
        String log = personas.call(DS_FRAUD, () -> training.log(runId, 65536));
        assertThat(run.state()).as(run.reason() + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(run.modelVersion()).isEqualTo(1);
        assertThat(log).as("the pod's log follows into the run's").contains("Read " + run.dataRows() + " rows").contains("Sent model.onnx")
                .contains("Registered " + job.model() + " version 1");
        VersionView version = personas.call(DS_FRAUD, () -> registry.version(job.modelId(), 1));
        assertThat(version.commit()).isEqualTo(run.codeHash());
        assertThat(version.parameters()).containsEntry("training.run_id", runId.toString()).containsEntry("C", "0.5");
        assertThat(version.signature().inputs()).extracting(io.esteira.models.TensorSpec::name)
                .containsExactlyInAnyOrder("amount", "merchant_category", "channel");
        assertThat(usage.isOpen(RunDispatcher.USAGE_SOURCE, runId)).isFalse();
        audit.awaitEntry(AuditTrail.actionOn("training-run.output-received", runId.toString()));
        audit.awaitEntry(AuditTrail.actionOn("training-run.succeeded", runId.toString()));

        // the token ends with the run
        Api.Response after = api.get("/api/v1/training/runs/" + runId + "/bundle", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.contentType()).contains("application/problem+json");
        assertThat(runs.findById(runId).orElseThrow().getRunTokenExpiresAt()).isNull();
    }

    @Test
    void a_failed_job_keeps_its_log_and_reason_and_kubernetes_words_for_a_deadline_and_an_eviction() throws Exception {
        TrainingJobView failing = job("contract", "fails.py", "XS");
        UUID failed = personas.call(DS_FRAUD, () -> training.start(failing.id())).id();
        Job k8s = awaitJob(failed);
        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(failed)).state().equals("RUNNING"));
        runPod(k8s);
        TrainingRunView run = awaitEnd(failed);
        assertThat(run.state()).isEqualTo("FAILED");
        assertThat(run.reason()).contains("The job exited with code 3");
        assertThat(run.modelVersion()).isNull();
        assertThat(personas.call(DS_FRAUD, () -> training.log(failed, 65536))).contains("about to fail").contains("[esteira] ");

        TrainingJobView slow = job("contract", "sleeps.py", "XS");
        UUID late = personas.call(DS_FRAUD, () -> training.start(slow.id())).id();
        awaitJob(late);
        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(late)).state().equals("RUNNING"));
        jobEnded(KubernetesJobRunner.jobName(late), "Failed", "DeadlineExceeded");
        assertThat(awaitEnd(late).reason()).isEqualTo("The run took longer than its limit of 10 min and was stopped by Kubernetes");

        UUID evicted = personas.call(DS_FRAUD, () -> training.start(slow.id())).id();
        Job evictedJob = awaitJob(evicted);
        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(evicted)).state().equals("RUNNING"));
        Pod pod = kube.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(evictedJob.getMetadata().getName() + "-x")
                .addToLabels("job-name", evictedJob.getMetadata().getName()).endMetadata()
                .withSpec(evictedJob.getSpec().getTemplate().getSpec()).build()).create();
        kube.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                    .withMessage("The node was low on resource: memory.").build());
            return p;
        });
        TrainingRunView gone = awaitEnd(evicted);
        assertThat(gone.state()).isEqualTo("FAILED");
        assertThat(gone.reason()).contains("Kubernetes evicted the job's pod (The node was low on resource: memory.)");
        audit.awaitEntry(AuditTrail.actionOn("training-run.failed", evicted.toString()));
    }

    @Test
    void cancelling_a_run_deletes_its_job_and_its_token() {
        TrainingJobView job = job("contract", "sleeps.py", "XS");
        UUID runId = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        awaitJob(runId);
        await("running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(runId)).state().equals("RUNNING"));
        String token = token(runId);
        assertThat(api.get("/api/v1/training/runs/" + runId + "/bundle", token).status()).isEqualTo(200);

        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.cancel(runId)).isInstanceOf(NotFoundException.class));
        personas.run(DS_FRAUD, () -> training.cancel(runId));
        TrainingRunView run = awaitEnd(runId);
        assertThat(run.state()).isEqualTo("CANCELLED");
        assertThat(run.reason()).contains("Cancelled by " + DS_FRAUD);
        assertThat(kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(runId)).get()).as("the Job is deleted").isNull();
        assertThat(kube.secrets().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(runId)).get()).as("and its token's Secret").isNull();
        assertThat(api.get("/api/v1/training/runs/" + runId + "/bundle", token).status()).isEqualTo(401);
        audit.awaitEntry(AuditTrail.actionOn("training-run.cancelled", runId.toString()));
    }

    /** A run as the node left it when the portal stopped: running on this node as a Kubernetes Job. */
    TrainingRun runningOnKubernetes(TrainingJobView view) {
        return runningOnKubernetes(view, node, Instant.now());
    }

    TrainingRun runningOnKubernetes(TrainingJobView view, String onNode, Instant heartbeat) {
        return new TransactionTemplate(transactions).execute(s -> {
            TrainingJob job = jobs.findById(view.id()).orElseThrow();
            TrainingRun run = runs.saveAndFlush(new TrainingRun(job, runs.maxNumber(job.getId()) + 1, KubernetesJobRunner.KIND,
                    new TrainingRun.Requester(personas.user(DS_FRAUD).userId(), DS_FRAUD, "Fraud data scientist", "USER", "DATA_SCIENTIST",
                            null, null), new TrainingRun.Size("XS", 1, 2, null, 0), "{}", BigDecimal.ONE, "EUR", Instant.now()));
            assertThat(runs.claim(run.getId(), onNode, heartbeat)).isEqualTo(1);
            TrainingRun claimed = runs.findById(run.getId()).orElseThrow();
            claimed.running(0, heartbeat, NAMESPACE + "/" + KubernetesJobRunner.jobName(run.getId()), heartbeat);
            return runs.saveAndFlush(claimed);
        });
    }

    @Test
    void after_a_restart_a_run_is_watched_on_through_its_job_found_by_label_or_lost_when_the_job_is_gone() throws Exception {
        TrainingJobView job = job("contract", "sleeps.py", "XS");
        TrainingRun alive = runningOnKubernetes(job);
        TrainingRun gone = runningOnKubernetes(job);
        String name = KubernetesJobRunner.jobName(alive.getId());
        existingJob(alive.getId());

        dispatcher.recoverThisNode();

        assertThat(dispatcher.watchedRuns()).as("adopted").contains(alive.getId()).doesNotContain(gone.getId());
        TrainingRunView lost = personas.call(DS_FRAUD, () -> training.run(gone.getId()));
        assertThat(lost.state()).isEqualTo("LOST");
        assertThat(lost.reason()).contains("restarted during the run").contains("kubernetes workload is gone").contains("not run again");
        assertThat(personas.call(DS_FRAUD, () -> training.run(alive.getId())).state()).isEqualTo("RUNNING");
        // adopted again on a second look, never a second Job
        dispatcher.recoverThisNode();
        dispatcher.dispatch();
        assertThat(kube.batch().v1().jobs().inNamespace(NAMESPACE).withLabel(KubernetesJobRunner.RUN_LABEL, alive.getId().toString()).list()
                .getItems()).hasSize(1);

        jobEnded(name, "Failed", "BackoffLimitExceeded");
        TrainingRunView ended = awaitEnd(alive.getId());
        assertThat(ended.state()).isEqualTo("FAILED");
        assertThat(personas.call(DS_FRAUD, () -> training.log(alive.getId(), 65536))).contains("found " + NAMESPACE + "/" + name + " again");
        audit.awaitEntry(AuditTrail.actionOn("training-run.lost", gone.getId().toString()));
    }

    void existingJob(UUID runId) {
        kube.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder().withNewMetadata().withName(KubernetesJobRunner.jobName(runId))
                .addToLabels(KubernetesJobRunner.RUN_LABEL, runId.toString()).endMetadata()
                .withNewSpec().withActiveDeadlineSeconds(600L).withNewTemplate().withNewSpec().addNewContainer().withName(KubernetesJobRunner.CONTAINER)
                .withImage(IMAGE).endContainer().withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    }

    @Test
    void a_kubernetes_run_of_a_node_that_stopped_answering_is_taken_over_by_another_node_not_lost() {
        TrainingJobView job = job("contract", "sleeps.py", "XS");
        TrainingRun silent = runningOnKubernetes(job, "node-gone", Instant.now().minus(Duration.ofMinutes(10)));
        existingJob(silent.getId());

        dispatcher.endSilentRuns();

        TrainingRun taken = runs.findById(silent.getId()).orElseThrow();
        assertThat(taken.getState()).isEqualTo(RunState.RUNNING);
        assertThat(taken.getNode()).as("watched from this node now").isEqualTo(node);
        // the dispatcher's own loop may have taken it over a moment before this test's call: it watches it once that take-over is done
        await("watched").atMost(Duration.ofSeconds(20)).until(() -> dispatcher.watchedRuns().contains(silent.getId()));
        assertThat(personas.call(DS_FRAUD, () -> training.log(silent.getId(), 65536))).contains("Node node-gone stopped answering");
        personas.run(DS_FRAUD, () -> training.cancel(silent.getId()));
        assertThat(awaitEnd(silent.getId()).state()).isEqualTo("CANCELLED");
        assertThat(kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(silent.getId())).get()).isNull();
    }

    @Test
    void a_run_token_admits_only_its_own_run_while_it_runs_and_nothing_else_admits_its_endpoints() throws Exception {
        TrainingJobView job = job("contract", "sleeps.py", "XS");
        UUID first = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        UUID second = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        awaitJob(first);
        awaitJob(second);
        await("both running").atMost(RUN).until(() -> personas.call(DS_FRAUD, () -> training.run(first)).state().equals("RUNNING")
                && personas.call(DS_FRAUD, () -> training.run(second)).state().equals("RUNNING"));
        String token = token(first);

        // its own run: the inputs as a zip of the code, the training set and the parameters
        HttpResponse<byte[]> bundle = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url("/api/v1/training/runs/" + first + "/bundle"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bundle.statusCode()).isEqualTo(200);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle.body()))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("source/sleeps.py", "inputs/training-set.csv", "inputs/inputs.json", "params.json")
                .noneMatch(e -> e.startsWith("output") || e.equals("run.log"));

        // another run, a made-up token, no token: 401 problem+json
        for (Api.Response refused : List.of(api.get("/api/v1/training/runs/" + second + "/bundle", token),
                put("/api/v1/training/runs/" + second + "/outputs/metrics.json", token, "{\"auc\": 0.9}"),
                api.get("/api/v1/training/runs/" + first + "/bundle", "esr_made-up"),
                api.get("/api/v1/training/runs/" + first + "/bundle", null))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.contentType()).contains("application/problem+json");
        }
        // the token reaches no other endpoint, not even its run's own page
        assertThat(api.get("/api/v1/training/runs/" + first, token).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/training/runs/" + first + "/cancel", token, "{}").status()).isEqualTo(401);

        // people's and pipelines' credentials do not admit the run endpoints, of their area's run or of another's
        String fraudToken = personas.call(DS_FRAUD, () -> tokens.create(new TokenRequest(TrainingScenarios.unique("k8s"), null,
                LocalDate.now().plusDays(1), false))).secret();
        String creditToken = personas.call(DS_CREDIT, () -> tokens.create(new TokenRequest(TrainingScenarios.unique("k8s"), null,
                LocalDate.now().plusDays(1), false))).secret();
        assertThat(api.get("/api/v1/training/runs/" + first + "/bundle", fraudToken).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/training/runs/" + first + "/bundle", creditToken).status()).isEqualTo(401);
        assertThat(put("/api/v1/training/runs/" + first + "/outputs/metrics.json", creditToken, "{\"auc\": 0.9}").status()).isEqualTo(401);
        assertThat(signedInGet(DS_CREDIT, "/api/v1/training/runs/" + first + "/bundle").statusCode()).isEqualTo(401);
        assertThat(signedInGet(DS_FRAUD, "/api/v1/training/runs/" + first + "/bundle").statusCode()).isEqualTo(401);
        // and another area's person gets "not found" for the run everywhere else
        assertThat(api.get("/api/v1/training/runs/" + first, creditToken).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/training/runs/" + first + "/log", creditToken).status()).isEqualTo(404);
        personas.run(DS_CREDIT, () -> assertThatThrownBy(() -> training.run(first)).isInstanceOf(NotFoundException.class));

        // outputs: known names only, each within its limit
        Api.Response unknown = put("/api/v1/training/runs/" + first + "/outputs/secrets.txt", token, "x");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).contains("application/problem+json");
        assertThat(put("/api/v1/training/runs/" + first + "/outputs/..%2Fparams.json", token, "x").status()).isEqualTo(400);
        Api.Response large = put("/api/v1/training/runs/" + first + "/outputs/metrics.json", token, "{\"auc\": 0.9" + " ".repeat(1_000_001) + "}");
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.contentType()).contains("application/problem+json");
        Api.Response metrics = put("/api/v1/training/runs/" + first + "/outputs/metrics.json", token, "{\"auc\": 0.9}");
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.json().get("bytes").asLong()).isEqualTo(12);
        audit.awaitEntry(AuditTrail.actionOn("training-run.output-received", first.toString()));

        personas.run(DS_FRAUD, () -> training.cancel(first));
        personas.run(DS_FRAUD, () -> training.cancel(second));
        awaitEnd(first);
        awaitEnd(second);
        assertThat(put("/api/v1/training/runs/" + first + "/outputs/metrics.json", token, "{\"auc\": 0.9}").status())
                .as("refused once the run has ended").isEqualTo(401);
    }

    @Test
    void a_user_of_another_area_cannot_see_or_cancel_a_kubernetes_run() {
        TrainingJobView job = job("contract", "sleeps.py", "XS");
        UUID runId = personas.call(DS_FRAUD, () -> training.start(job.id())).id();
        awaitJob(runId);
        personas.run(DS_CREDIT, () -> {
            assertThatThrownBy(() -> training.run(runId)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.log(runId, 1000)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.cancel(runId)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> training.runs(job.id(), PageRequest.of(0, 10))).isInstanceOf(NotFoundException.class);
        });
        assertThat(kube.batch().v1().jobs().inNamespace(NAMESPACE).withName(KubernetesJobRunner.jobName(runId)).get()).isNotNull();
        personas.run(DS_FRAUD, () -> training.cancel(runId));
        awaitEnd(runId);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Api.Response put(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Api.Response(response.statusCode(), response.headers(), response.body());
    }

    /** A GET with the session cookie of a person signed in through the login form. */
    HttpResponse<String> signedInGet(String username, String path) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String page = browser.send(HttpRequest.newBuilder(url("/login")).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the sign-in page's CSRF token").isTrue();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=demo&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signIn = browser.send(HttpRequest.newBuilder(url("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.headers().firstValue("Location").orElse("")).as("signed in").doesNotContain("error");
        assertThat(browser.send(HttpRequest.newBuilder(url("/api/v1/training/runs?area=" + fraud)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a session is no API credential at all").isEqualTo(401);
        return browser.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
