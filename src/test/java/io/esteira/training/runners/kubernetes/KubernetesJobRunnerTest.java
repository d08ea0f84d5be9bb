package io.esteira.training.runners.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esteira.training.runners.BoundedLog;
import io.esteira.training.runners.RunSpec;
import io.esteira.training.runners.Runner;
import io.esteira.training.runners.RunnerException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.util.UUID;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Kubernetes runner says when it cannot run, and how it reads a Job's end; no cluster needed. */
class KubernetesJobRunnerTest {

    static KubernetesRunnerProperties properties(String masterUrl, String portalUrl, Map<String, String> images) {
        return new KubernetesRunnerProperties(masterUrl, "", "", false, false, "esteira-training", "", portalUrl, images, null, null, null, null);
    }

    @Test
    void without_a_cluster_it_tells_a_data_scientist_in_plain_words_and_names_no_setting() {
        Runner.Availability none = new KubernetesJobRunner(properties("", "", Map.of()), java.time.Clock.systemUTC()).availability();
        assertThat(none.available()).isFalse();
        assertThat(none.message()).contains("Training on Kubernetes is not set up on this portal").contains("local runner")
                .doesNotContain("ESTEIRA_").doesNotContain("esteira.").doesNotContain("master-url");
        Runner.Availability noPortal = new KubernetesJobRunner(properties("https://k8s.example:6443", "", Map.of("python3", "img")), java.time.Clock.systemUTC()).availability();
        assertThat(noPortal.available()).isFalse();
        assertThat(noPortal.message()).contains("could not fetch their data from the portal").doesNotContain("ESTEIRA_");
        Runner.Availability noImage = new KubernetesJobRunner(properties("https://k8s.example:6443", "https://portal", Map.of()), java.time.Clock.systemUTC()).availability();
        assertThat(noImage.available()).isFalse();
        assertThat(noImage.message()).contains("no environment").doesNotContain("ESTEIRA_");
        Runner.Availability ready = new KubernetesJobRunner(properties("https://k8s.example:6443", "https://portal/",
                Map.of("python3", "registry/train:1")), java.time.Clock.systemUTC()).availability();
        assertThat(ready.available()).isTrue();
        assertThat(ready.message()).contains("esteira-training");
    }

    static Job job(String condition, String reason) {
        JobBuilder job = new JobBuilder().withNewMetadata().withName("esteira-run-x").endMetadata();
        if (condition == null) {
            return job.withNewStatus().withActive(1).endStatus().build();
        }
        return job.withNewStatus().withConditions(new JobConditionBuilder().withType(condition).withStatus("True").withReason(reason).build())
                .endStatus().build();
    }

    static Pod pod(String phase, String reason, int exit, String containerReason) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase(phase).withReason(reason)
                .withMessage("The node was low on resource: memory.")
                .withContainerStatuses(new ContainerStatusBuilder().withName(KubernetesJobRunner.CONTAINER).withNewState().withNewTerminated()
                        .withExitCode(exit).withReason(containerReason).endTerminated().endState().build()).endStatus().build();
    }

    @Test
    void a_jobs_end_is_read_in_the_users_words() {
        Duration limit = Duration.ofMinutes(30);
        assertThat(KubernetesJobRunner.outcome(job(null, null), List.of(), limit)).as("still running").isEmpty();
        assertThat(KubernetesJobRunner.outcome(job("Complete", null), List.of(), limit)).hasValue(new KubernetesJobRunner.Outcome(0, null));
        assertThat(KubernetesJobRunner.outcome(job("Failed", "DeadlineExceeded"), List.of(), limit).orElseThrow().failure())
                .isEqualTo("The run took longer than its limit of 30 min and was stopped by Kubernetes");
        assertThat(KubernetesJobRunner.outcome(job("Failed", "BackoffLimitExceeded"), List.of(pod("Failed", null, 3, "Error")), limit))
                .hasValue(new KubernetesJobRunner.Outcome(3, null));
        assertThat(KubernetesJobRunner.outcome(job("Failed", "BackoffLimitExceeded"), List.of(pod("Failed", null, 137, "OOMKilled")), limit)
                .orElseThrow().failure()).contains("ran out of its size's memory");
        assertThat(KubernetesJobRunner.outcome(job(null, null), List.of(pod("Failed", "Evicted", 0, null)), limit).orElseThrow().failure())
                .isEqualTo("Kubernetes evicted the job's pod (The node was low on resource: memory.); start a new run, perhaps with a larger size");
        Pod pulling = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName(KubernetesJobRunner.CONTAINER).withImage("registry/missing:1")
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff").withMessage("not found").endWaiting().endState().build())
                .endStatus().build();
        assertThat(KubernetesJobRunner.outcome(job(null, null), List.of(pulling), limit).orElseThrow().failure())
                .isEqualTo("The job's image registry/missing:1 cannot be pulled (not found)");
    }

    @Test
    void a_run_whose_job_exists_already_is_not_started_again_and_the_existing_job_is_left_alone(@TempDir Path dir) {
        KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                new java.util.HashMap<>(), new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient kube = server.createClient()) {
            UUID runId = UUID.randomUUID();
            String name = KubernetesJobRunner.jobName(runId);
            kube.secrets().inNamespace("esteira-training").resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                    .addToStringData(KubernetesJobRunner.TOKEN_KEY, "esr_first").build()).create();
            kube.batch().v1().jobs().inNamespace("esteira-training").resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
                    .build()).create();
            KubernetesJobRunner runner = new KubernetesJobRunner(properties(kube.getMasterUrl().toString(), "https://portal",
                    Map.of("python3", "registry/train:1")), kube, java.time.Clock.systemUTC());
            RunSpec spec = new RunSpec(runId, dir, dir.resolve("source"), List.of("python3", "-u", "train.py"), Map.of("ESTEIRA_RUN_ID",
                    runId.toString()), Duration.ofMinutes(5), 1, 2, null, 0, new RunSpec.Context("job", UUID.randomUUID(), "FRAUD",
                    UUID.randomUUID(), 1, "python3"), "esr_second");
            assertThatThrownBy(() -> runner.start(spec, new BoundedLog(dir.resolve("run.log"), 1000, 1000)))
                    .isInstanceOf(RunnerException.class).hasMessageContaining("exists already");
            assertThat(kube.batch().v1().jobs().inNamespace("esteira-training").withName(name).get()).isNotNull();
            assertThat(kube.secrets().inNamespace("esteira-training").withName(name).get().getStringData())
                    .containsEntry(KubernetesJobRunner.TOKEN_KEY, "esr_first");
        } finally {
            server.destroy();
        }
    }
}
