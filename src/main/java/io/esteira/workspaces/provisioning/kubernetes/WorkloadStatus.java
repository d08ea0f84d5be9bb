package io.esteira.workspaces.provisioning.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.esteira.workspaces.provisioning.RuntimeStatus;
import io.esteira.workspaces.provisioning.RuntimeStatus.Phase;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * Reads a workspace's state from its StatefulSet and pod.
 *
 * <p>A pod that no node can take stays PENDING, with the scheduler's explanation as its reason, for
 * {@code unschedulableTimeout} (a cluster autoscaler may add a node meanwhile); after that the workspace is
 * FAILED, so that its owner is not left waiting for ever.
 */
final class WorkloadStatus {

    private static final Set<String> IMAGE_PULL_FAILURES = Set.of("ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "ErrImageNeverPull");
    private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    private WorkloadStatus() {
    }

    static RuntimeStatus of(StatefulSet statefulSet, List<Pod> pods, Instant now, Duration unschedulableTimeout) {
        if (statefulSet == null) {
            return RuntimeStatus.of(Phase.ABSENT);
        }
        Integer replicas = statefulSet.getSpec() == null ? null : statefulSet.getSpec().getReplicas();
        if (replicas != null && replicas == 0) {
            return RuntimeStatus.of(Phase.STOPPED);
        }
        Optional<Pod> found = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing(p -> p.getMetadata().getName()));
        if (found.isEmpty()) {
            return new RuntimeStatus(Phase.PENDING, "Waiting for Kubernetes to create the workspace's pod");
        }
        Pod pod = found.get();
        if (pod.getStatus() == null) {
            return new RuntimeStatus(Phase.PENDING, "Waiting for Kubernetes to schedule the workspace's pod");
        }
        Optional<String> failure = containerFailure(pod);
        if (failure.isPresent()) {
            return RuntimeStatus.failed(failure.get());
        }
        if ("Failed".equals(pod.getStatus().getPhase())) {
            return RuntimeStatus.failed("The workspace's pod failed: "
                    + firstNonBlank(pod.getStatus().getMessage(), pod.getStatus().getReason(), "no reason given"));
        }
        if (isTrue(condition(pod, "Ready"))) {
            return RuntimeStatus.of(Phase.READY);
        }
        PodCondition scheduled = condition(pod, "PodScheduled");
        if (scheduled != null && "False".equals(scheduled.getStatus()) && "Unschedulable".equals(scheduled.getReason())) {
            String why = firstNonBlank(scheduled.getMessage(), "no node has the resources it asks for");
            Instant since = parse(scheduled.getLastTransitionTime());
            if (since != null && Duration.between(since, now).compareTo(unschedulableTimeout) >= 0) {
                return RuntimeStatus.failed("No node of the cluster can run this workspace: " + why);
            }
            return new RuntimeStatus(Phase.PENDING, "Waiting for a node that can run the workspace: " + why);
        }
        return new RuntimeStatus(Phase.PENDING, progress(pod));
    }

    private static Optional<String> containerFailure(Pod pod) {
        return Stream.concat(statuses(pod.getStatus().getInitContainerStatuses()),
                        statuses(pod.getStatus().getContainerStatuses()))
                .map(status -> failure(status))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<String> failure(ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        String detail = firstNonBlank(waiting.getMessage(), reason);
        boolean git = WorkspaceObjects.GIT_CONTAINER.equals(status.getName());
        if (IMAGE_PULL_FAILURES.contains(reason)) {
            return Optional.of("The image " + status.getImage() + " cannot be pulled (" + reason + "): " + detail);
        }
        if ("CrashLoopBackOff".equals(reason)) {
            return Optional.of(git
                    ? "The git repository cannot be cloned; the workspace's log says why"
                    : "The notebook server keeps stopping right after it starts (CrashLoopBackOff); "
                            + "the workspace's log says why");
        }
        if (CONFIG_FAILURES.contains(reason)) {
            return Optional.of("The " + (git ? "git clone" : "notebook") + " container cannot be created ("
                    + reason + "): " + detail);
        }
        return Optional.empty();
    }

    private static String progress(Pod pod) {
        if (statuses(pod.getStatus().getInitContainerStatuses())
                .anyMatch(s -> WorkspaceObjects.GIT_CONTAINER.equals(s.getName()) && s.getState() != null
                        && s.getState().getRunning() != null)) {
            return "Cloning the git repository";
        }
        Optional<String> waiting = statuses(pod.getStatus().getContainerStatuses())
                .map(s -> s.getState() == null ? null : s.getState().getWaiting())
                .filter(w -> w != null && w.getReason() != null)
                .map(ContainerStateWaiting::getReason)
                .findFirst();
        if (waiting.isPresent()) {
            return "Starting the notebook server (" + waiting.get() + ")";
        }
        if (statuses(pod.getStatus().getContainerStatuses()).anyMatch(s -> s.getState() != null
                && s.getState().getRunning() != null)) {
            return "Waiting for the notebook server to answer";
        }
        return "Starting the workspace's pod";
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }

    private static PodCondition condition(Pod pod, String type) {
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static boolean isTrue(PodCondition condition) {
        return condition != null && "True".equals(condition.getStatus());
    }

    private static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
