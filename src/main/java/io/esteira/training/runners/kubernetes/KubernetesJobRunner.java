package io.esteira.training.runners.kubernetes;

import io.esteira.shared.kubernetes.KubernetesConnections;
import io.esteira.training.runners.BoundedLog;
import io.esteira.training.runners.RunRef;
import io.esteira.training.runners.RunSpec;
import io.esteira.training.runners.Runner;
import io.esteira.training.runners.RunnerException;
import io.esteira.training.runners.RunningJob;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a training job as a Kubernetes Job ({@code batch/v1}) in the configured namespace: one pod, never
 * restarted ({@code backoffLimit: 0}), stopped by Kubernetes at the run's time limit ({@code activeDeadlineSeconds}),
 * removed some time after it ends ({@code ttlSecondsAfterFinished}), with the size's CPU, memory and GPUs as requests
 * and limits, the configured service account, and the labels of the run, its job and its area.
 * <p>
 * The pod cannot see the portal's disk: its container first runs a small bootstrap (Python's standard library only)
 * that fetches the run's code, training set and parameters from the portal ({@code GET /api/v1/training/runs/{id}/bundle})
 * with the run's one-time token (kept in a Secret owned by the Job), runs the job's command with the contract's
 * environment (the same variables as the local runner gives, with the pod's paths), and sends what the job wrote into
 * its output folder back ({@code PUT .../outputs/{name}}). The portal registers the version from there as for a local run.
 * <p>
 * The Job's state is read every {@code poll-interval}: complete, failed with the container's exit code, past its
 * deadline, its pod evicted or its image not pullable. The pod's log follows into the run's log. Cancelling deletes
 * the Job with its pod. After a restart of the portal the Job is found again by the run's label and watched on,
 * never started twice.
 */
@Component
@EnableConfigurationProperties(KubernetesRunnerProperties.class)
public class KubernetesJobRunner implements Runner, DisposableBean {

    public static final String KIND = "kubernetes";
    public static final String CONTAINER = "train";
    public static final String RUN_LABEL = "esteira.io/training-run";
    public static final String JOB_LABEL = "esteira.io/training-job";
    public static final String AREA_LABEL = "esteira.io/area";
    public static final String AREA_ID_LABEL = "esteira.io/area-id";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String GPU = "nvidia.com/gpu";
    public static final String TOKEN_KEY = "token";
    static final String BOOTSTRAP = resource("bootstrap.py");
    private static final Set<String> IMAGE_PROBLEMS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    private static final Logger log = LoggerFactory.getLogger(KubernetesJobRunner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesRunnerProperties properties;
    private final boolean ownsClient;
    private final Clock clock;

    private final AtomicBoolean toldAdmin = new AtomicBoolean();
    private volatile KubernetesClient client;

    @Autowired
    KubernetesJobRunner(KubernetesRunnerProperties properties, Clock clock) {
        this(properties, null, clock);
    }

    /** With a client made elsewhere, which it does not close. */
    KubernetesJobRunner(KubernetesRunnerProperties properties, KubernetesClient client, Clock clock) {
        this.clock = clock;
        this.properties = properties;
        this.client = client;
        this.ownsClient = client == null;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public List<String> environments() {
        return properties.images().isEmpty() ? List.of("python3") : List.copyOf(properties.images().keySet());
    }

    @Override
    public List<String> command(String environment, String entrypoint) {
        if (!properties.images().containsKey(environment)) {
            throw new RunnerException("The kubernetes runner offers " + String.join(", ", environments()) + ", not " + environment);
        }
        return List.of("python3", "-u", entrypoint);
    }

    /** Said in a data scientist's words; the setting to change goes to the portal's log, once, for its administrator. */
    @Override
    public Availability availability() {
        if (!properties.clusterNamed()) {
            tellAdmin("Training on Kubernetes is not configured: set esteira.training.kubernetes.master-url "
                    + "(ESTEIRA_TRAINING_K8S_MASTER_URL or ESTEIRA_K8S_MASTER_URL), a kubeconfig or in-cluster");
            return Availability.no("Training on Kubernetes is not set up on this portal; ask your platform team, or run the job on the "
                    + "portal's machine (the local runner)");
        }
        if (!properties.kubeconfig().isEmpty() && !Files.isReadable(Path.of(properties.kubeconfig()))) {
            tellAdmin("The kubeconfig of training on Kubernetes cannot be read: " + properties.kubeconfig()
                    + " (esteira.training.kubernetes.kubeconfig)");
            return Availability.no("Training on Kubernetes cannot reach its cluster just now; ask your platform team");
        }
        if (properties.portalUrl().isEmpty()) {
            tellAdmin("Training on Kubernetes needs the portal's address as its pods reach it: set esteira.training.kubernetes.portal-url "
                    + "(ESTEIRA_PORTAL_URL)");
            return Availability.no("Training on Kubernetes is not fully set up: its jobs could not fetch their data from the portal; "
                    + "ask your platform team");
        }
        if (properties.images().isEmpty()) {
            tellAdmin("Training on Kubernetes has no image: set esteira.training.kubernetes.images.python3 (ESTEIRA_TRAINING_K8S_PYTHON_IMAGE)");
            return Availability.no("Training on Kubernetes has no environment to run jobs in yet; ask your platform team");
        }
        return Availability.yes("Runs as Kubernetes Jobs in " + properties.namespace() + " (" + String.join(", ", environments()) + ")");
    }

    private void tellAdmin(String line) {
        if (toldAdmin.compareAndSet(false, true)) {
            log.warn(line);
        }
    }

    /** The Job's name of a run: one per run, so a second create of the same run fails instead of running it twice. */
    public static String jobName(UUID runId) {
        return "esteira-run-" + runId;
    }

    @Override
    public RunningJob start(RunSpec spec, BoundedLog runLog) {
        Availability a = availability();
        if (!a.available()) {
            throw new RunnerException(a.message());
        }
        if (spec.runToken() == null || spec.context() == null) {
            throw new RunnerException("The run has no token for the portal's run endpoints");
        }
        String namespace = properties.namespace();
        String name = jobName(spec.runId());
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels(spec)).endMetadata()
                .withType("Opaque").addToStringData(TOKEN_KEY, spec.runToken()).build();
        Job job = job(spec, name);
        boolean secretMade = false;
        try {
            api().resource(secret).create();
            secretMade = true;
            Job created = api().batch().v1().jobs().inNamespace(namespace).resource(job).create();
            // the token's Secret goes with the Job (Kubernetes' garbage collector deletes it once the Job is gone)
            api().secrets().inNamespace(namespace).withName(name).edit(s -> {
                s.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(name).withUid(created.getMetadata().getUid()).withBlockOwnerDeletion(false).build()));
                return s;
            });
            log.info("Training run {} started as the Kubernetes Job {}/{}", spec.runId(), namespace, name);
            runLog.note("Kubernetes Job " + namespace + "/" + name + ", image " + image(spec));
            return new KubernetesJob(new RunRef(spec.runId(), spec.directory(), 0, clock.instant(), namespace + "/" + name), runLog);
        } catch (KubernetesClientException e) {
            // what this call made goes again; a Job or Secret that was there already (409) is never touched: the run is not started twice
            if (secretMade && e.getCode() != 409) {
                deleteQuietly(namespace, name);
            } else if (secretMade) {
                deleteSecretQuietly(namespace, name);
            }
            throw new RunnerException("Kubernetes did not take the job: " + explain(e), e);
        }
    }

    /** The Job of a run, by its label: after a restart of the portal it is watched on, never started again. */
    @Override
    public Optional<RunningJob> find(RunRef ref) {
        String namespace = ref.workload() != null && ref.workload().contains("/") ? ref.workload().substring(0, ref.workload().indexOf('/'))
                : properties.namespace();
        List<Job> found;
        try {
            found = api().batch().v1().jobs().inNamespace(namespace).withLabel(RUN_LABEL, ref.runId().toString()).list().getItems();
        } catch (KubernetesClientException e) {
            throw new RunnerException("Kubernetes cannot be asked about the run's Job: " + explain(e), e);
        }
        return found.stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null).findFirst()
                .map(j -> new KubernetesJob(new RunRef(ref.runId(), ref.directory(), 0, ref.startedAt(), namespace + "/" + j.getMetadata().getName()), null));
    }

    Job job(RunSpec spec, String name) {
        Map<String, String> labels = labels(spec);
        Map<String, Quantity> resources = new LinkedHashMap<>();
        resources.put("cpu", new Quantity(String.valueOf(Math.max(1, spec.vcpu()))));
        resources.put("memory", new Quantity(Math.max(1, spec.memoryGib()) + "Gi"));
        if (spec.gpuCount() > 0) {
            resources.put(GPU, new Quantity(String.valueOf(spec.gpuCount())));
        }
        JobBuilder builder = new JobBuilder().withNewMetadata().withName(name).withNamespace(properties.namespace()).withLabels(labels)
                .addToAnnotations("esteira.io/job", spec.context().job()).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, spec.maxRunTime().toSeconds()))
                .withTtlSecondsAfterFinished((int) Math.max(0, properties.ttlAfterFinished().toSeconds()))
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(spec.gpuCount() > 0 && spec.gpuType() != null && !properties.gpuNodeLabel().isEmpty()
                        ? Map.of(properties.gpuNodeLabel(), spec.gpuType()) : null)
                .withServiceAccountName(properties.serviceAccount().isEmpty() ? null : properties.serviceAccount())
                .withAutomountServiceAccountToken(properties.serviceAccount().isEmpty() ? Boolean.FALSE : null)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(image(spec))
                .withCommand("python3", "-u", "-c", BOOTSTRAP)
                .withWorkingDir(properties.podDirectory())
                .withEnv(env(spec, name))
                .withNewResources().withRequests(resources).withLimits(resources).endResources()
                .addNewVolumeMount().withName("run").withMountPath(properties.podDirectory()).endVolumeMount()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .endContainer()
                .addNewVolume().withName("run").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec().endTemplate().endSpec();
        return builder.build();
    }

    private Map<String, String> labels(RunSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(RUN_LABEL, spec.runId().toString());
        labels.put(JOB_LABEL, KubernetesConnections.labelValue(spec.context().job()));
        labels.put("esteira.io/training-job-id", spec.context().jobId().toString());
        labels.put("esteira.io/run-number", String.valueOf(spec.context().runNumber()));
        labels.put(AREA_LABEL, KubernetesConnections.labelValue(spec.context().area()));
        labels.put(AREA_ID_LABEL, spec.context().areaId().toString());
        labels.put(MANAGED_BY_LABEL, "esteira");
        return labels;
    }

    private String image(RunSpec spec) {
        String image = properties.images().get(spec.context().environment());
        if (image == null) {
            throw new RunnerException("The kubernetes runner has no environment " + spec.context().environment() + "; it offers "
                    + String.join(", ", environments()));
        }
        return image;
    }

    /**
     * The contract's variables with the pod's paths in place of the portal's, the same names as the local runner gives,
     * and the bootstrap's own: where the portal is, the run's token (from its Secret), the command and its folder.
     */
    private List<EnvVar> env(RunSpec spec, String secretName) {
        String portalDir = spec.directory().toString();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("LANG", "C.UTF-8");
        values.put("PYTHONUNBUFFERED", "1");
        values.put("PYTHONDONTWRITEBYTECODE", "1");
        values.put("PYTHONNOUSERSITE", "1");
        String threads = String.valueOf(Math.max(1, spec.vcpu()));
        values.put("OMP_NUM_THREADS", threads);
        values.put("OPENBLAS_NUM_THREADS", threads);
        values.put("MKL_NUM_THREADS", threads);
        spec.environment().forEach((k, v) -> values.put(k, inPod(v, portalDir)));
        values.put("ESTEIRA_PORTAL_URL", properties.portalUrl());
        values.put("ESTEIRA_RUN_DIR", properties.podDirectory());
        values.put("ESTEIRA_WORKDIR", inPod(spec.workingDirectory().toString(), portalDir));
        values.put("ESTEIRA_COMMAND", JSON.writeValueAsString(spec.command()));
        List<EnvVar> env = new ArrayList<>();
        values.forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        env.add(new EnvVarBuilder().withName("ESTEIRA_RUN_TOKEN").withNewValueFrom().withNewSecretKeyRef(TOKEN_KEY, secretName, false)
                .endValueFrom().build());
        return env;
    }

    private String inPod(String value, String portalDir) {
        if (value.equals(portalDir)) {
            return properties.podDirectory();
        }
        return value.startsWith(portalDir + "/") ? properties.podDirectory() + value.substring(portalDir.length()) : value;
    }

    private void deleteSecretQuietly(String namespace, String name) {
        try {
            api().secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            log.debug("Cleaning up the Secret {}/{} failed: {}", namespace, name, e.getMessage());
        }
    }

    private void deleteQuietly(String namespace, String name) {
        try {
            api().batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            api().secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            log.debug("Cleaning up {}/{} failed: {}", namespace, name, e.getMessage());
        }
    }

    /** What a Job's state says, in the user's words. */
    record Outcome(int exitCode, String failure) {
    }

    /** The end of the Job once Kubernetes has decided, else empty; {@code pods} are its pods, newest first. */
    static Optional<Outcome> outcome(Job job, List<Pod> pods, Duration maxRunTime) {
        List<JobCondition> conditions = job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
        for (Pod pod : pods) {
            if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase()) && "Evicted".equals(pod.getStatus().getReason())) {
                return Optional.of(new Outcome(-1, "Kubernetes evicted the job's pod" + detail(pod.getStatus().getMessage())
                        + "; start a new run, perhaps with a larger size"));
            }
            for (ContainerStatus status : containers(pod)) {
                ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
                if (waiting != null && IMAGE_PROBLEMS.contains(waiting.getReason())) {
                    return Optional.of(new Outcome(-1, "The job's image " + status.getImage() + " cannot be pulled" + detail(waiting.getMessage())));
                }
            }
        }
        boolean complete = conditions.stream().anyMatch(c -> "True".equals(c.getStatus())
                && ("Complete".equals(c.getType()) || "SuccessCriteriaMet".equals(c.getType())));
        if (complete || job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0) {
            return Optional.of(new Outcome(0, null));
        }
        Optional<JobCondition> failed = conditions.stream().filter(c -> "True".equals(c.getStatus())
                && ("Failed".equals(c.getType()) || "FailureTarget".equals(c.getType()))).findFirst();
        boolean podFailed = job.getStatus() != null && job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0;
        if (failed.isEmpty() && !podFailed) {
            return Optional.empty();
        }
        if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())) {
            long minutes = Math.max(1, maxRunTime.toMinutes());
            return Optional.of(new Outcome(-1, "The run took longer than its limit of " + minutes + " min and was stopped by Kubernetes"));
        }
        for (Pod pod : pods) {
            for (ContainerStatus status : containers(pod)) {
                ContainerStateTerminated ended = status.getState() == null ? null : status.getState().getTerminated();
                if (ended != null && ended.getExitCode() != null && ended.getExitCode() != 0) {
                    if ("OOMKilled".equals(ended.getReason())) {
                        return Optional.of(new Outcome(ended.getExitCode(), "The job ran out of its size's memory (OOMKilled); pick a larger size"));
                    }
                    return Optional.of(new Outcome(ended.getExitCode(), null));
                }
            }
        }
        String why = failed.map(c -> c.getReason() + detail(c.getMessage())).orElse("its pod failed");
        return Optional.of(new Outcome(-1, "Kubernetes ended the job: " + why));
    }

    private static List<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(c -> CONTAINER.equals(c.getName())).toList();
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }

    /** A run's Job as the portal watches it; {@code runLog} null until the dispatcher gives it one (after a restart). */
    final class KubernetesJob implements RunningJob {

        private final RunRef ref;
        private final String namespace;
        private final String name;
        private volatile BoundedLog runLog;
        private volatile Outcome outcome;
        private volatile LogWatch logWatch;
        private volatile String followedPod;
        private final AtomicLong logged = new AtomicLong();

        KubernetesJob(RunRef ref, BoundedLog runLog) {
            this.ref = ref;
            this.namespace = ref.workload().substring(0, ref.workload().indexOf('/'));
            this.name = ref.workload().substring(ref.workload().indexOf('/') + 1);
            this.runLog = runLog;
        }

        @Override
        public RunRef ref() {
            return ref;
        }

        /** The log the pod's output follows into, for a Job found again after a restart. */
        @Override
        public void logTo(BoundedLog log) {
            this.runLog = log;
        }

        @Override
        public OptionalInt awaitExit(Duration timeout) {
            long until = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<Outcome> ended = read();
                if (ended.isPresent()) {
                    outcome = ended.get();
                    return OptionalInt.of(outcome.exitCode());
                }
                Duration left = Duration.ofNanos(until - System.nanoTime());
                if (left.isNegative() || left.isZero()) {
                    return OptionalInt.empty();
                }
                try {
                    Thread.sleep(Math.min(left.toMillis(), properties.pollInterval().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return OptionalInt.empty();
                }
            }
        }

        private Optional<Outcome> read() {
            Job job;
            List<Pod> pods;
            try {
                job = api().batch().v1().jobs().inNamespace(namespace).withName(name).get();
                if (job == null) {
                    return Optional.of(new Outcome(-1, "The Kubernetes Job " + namespace + "/" + name + " was deleted outside the portal"));
                }
                pods = new ArrayList<>(api().pods().inNamespace(namespace).withLabel("job-name", name).list().getItems());
                pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp())
                        .reversed());
            } catch (KubernetesClientException e) {
                log.debug("Reading the Job {}/{} failed: {}", namespace, name, e.getMessage());
                return Optional.empty(); // the cluster did not answer: asked again at the next poll; the run's time limit still holds
            }
            follow(pods);
            Duration limit = Duration.ofSeconds(job.getSpec() == null || job.getSpec().getActiveDeadlineSeconds() == null ? 0
                    : job.getSpec().getActiveDeadlineSeconds());
            return outcome(job, pods, limit);
        }

        /** Follows the log of the Job's pod into the run's log, once its container has started. */
        private void follow(List<Pod> pods) {
            BoundedLog target = runLog;
            if (target == null || followedPod != null) {
                return;
            }
            for (Pod pod : pods) {
                boolean started = containers(pod).stream().anyMatch(c -> c.getState() != null
                        && (c.getState().getRunning() != null || c.getState().getTerminated() != null));
                if (started) {
                    followedPod = pod.getMetadata().getName();
                    try {
                        logWatch = api().pods().inNamespace(namespace).withName(followedPod).inContainer(CONTAINER)
                                .watchLog(new LogSink(target, logged));
                    } catch (KubernetesClientException e) {
                        log.debug("Following the log of {}/{} failed: {}", namespace, followedPod, e.getMessage());
                    }
                    return;
                }
            }
        }

        @Override
        public void drainLog() {
            LogWatch watch = logWatch;
            if (watch != null) {
                try {
                    watch.onClose().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("The log of {}/{} did not end in time: {}", namespace, name, e.getMessage());
                }
                watch.close();
            }
            BoundedLog target = runLog;
            if (target == null || logged.get() > 0) {
                return;
            }
            // nothing arrived while it ran (it ended between two polls, or following failed): its log as Kubernetes keeps it
            try {
                List<Pod> pods = api().pods().inNamespace(namespace).withLabel("job-name", name).list().getItems();
                for (Pod pod : pods) {
                    String text = api().pods().inNamespace(namespace).withName(pod.getMetadata().getName()).inContainer(CONTAINER).getLog();
                    if (text != null && !text.isEmpty()) {
                        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                        target.write(bytes, 0, bytes.length);
                        return;
                    }
                }
            } catch (KubernetesClientException | IOException e) {
                target.note("The pod's log cannot be read from Kubernetes: " + e.getMessage());
            }
        }

        @Override
        public Optional<String> failure() {
            Outcome known = outcome;
            return known == null ? Optional.empty() : Optional.ofNullable(known.failure());
        }

        /** Deletes the Job with its pod (and the token's Secret), waiting a while for it to be gone. */
        @Override
        public void stop() {
            LogWatch watch = logWatch;
            if (watch != null) {
                watch.close();
            }
            try {
                api().batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
                api().secrets().inNamespace(namespace).withName(name).delete();
                api().batch().v1().jobs().inNamespace(namespace).withName(name).waitUntilCondition(j -> j == null, 30, TimeUnit.SECONDS);
            } catch (KubernetesClientException e) {
                log.warn("Deleting the Kubernetes Job {}/{} failed: {}", namespace, name, explain(e));
            } catch (RuntimeException e) {
                log.debug("The Kubernetes Job {}/{} was not gone in time: {}", namespace, name, e.getMessage());
            }
        }
    }

    /** The pod's log bytes into the run's bounded log. */
    private static final class LogSink extends OutputStream {
        private final BoundedLog log;
        private final AtomicLong count;

        LogSink(BoundedLog log, AtomicLong count) {
            this.log = log;
            this.count = count;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            log.write(bytes, offset, length);
            count.addAndGet(length);
        }
    }

    private String explain(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return switch (e.getCode()) {
            case 0, -1 -> "the cluster cannot be reached (" + message + ")";
            case 401 -> "the cluster does not accept the portal's credentials";
            case 403 -> "the portal's account is not allowed to (" + message + ")";
            case 409 -> "a Job of this run exists already (" + message + ")";
            case 422 -> "the cluster rejected the Job (" + message + ")";
            default -> message + " (HTTP " + e.getCode() + ")";
        };
    }

    private KubernetesClient api() {
        KubernetesClient made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    try {
                        made = KubernetesConnections.connect(properties.kubeconfig(), properties.masterUrl(), properties.token(),
                                properties.trustCertificates());
                    } catch (UncheckedIOException e) {
                        throw new RunnerException("Training on Kubernetes cannot reach its cluster just now", e);
                    }
                    client = made;
                }
            }
        }
        return made;
    }

    private static String resource(String name) {
        try (InputStream in = KubernetesJobRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name + " beside " + KubernetesJobRunner.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void destroy() {
        KubernetesClient made = client;
        if (made != null && ownsClient) {
            made.close();
        }
    }
}
