package io.esteira.deployments.serving;

import io.esteira.deployments.DeploymentDraft;
import io.esteira.deployments.ServingMode;
import io.esteira.deployments.domain.Deployment;
import io.esteira.models.VersionView;
import java.util.Set;

/**
 * Where releases run. The portal has {@code embedded} (ONNX Runtime in the portal's JVMs) and, when a
 * cluster is configured, {@code kubernetes} (KServe InferenceServices).
 */
public interface ServingTarget {

    /** The name requesters pick, e.g. {@code embedded}. */
    String name();

    /** What it serves. */
    Set<ServingMode> modes();

    /** Refuses, before a change is requested, what it could not carry out (throws {@code InvalidRequestException} naming the field). */
    default void check(DeploymentDraft draft, VersionView version) {
    }

    /**
     * Brings an approved release into service, on the node carrying out the approval; throws with
     * the reason when it cannot. For a canary the stable release stays in service beside it.
     */
    void deploy(Deployment release, VersionView version);

    /**
     * Whether the portal's predict endpoint answers its releases' calls with the portal's own ONNX
     * Runtime sessions; a target that serves elsewhere says where applications call instead.
     */
    default boolean answersInPortal() {
        return true;
    }

    /** Where applications call a release that the portal does not answer (see {@link #answersInPortal()}). */
    default String callInstead(Deployment release) {
        return null;
    }

    /** A canary now takes all the calls. */
    default void promoted(Deployment canary, VersionView version) {
    }

    /**
     * A release left service: replaced by a later one of its endpoint ({@code endpointRemains}) or
     * taken out with its endpoint.
     */
    void retired(Deployment release, boolean endpointRemains);
}
