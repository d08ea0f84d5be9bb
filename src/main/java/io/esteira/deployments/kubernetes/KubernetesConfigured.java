package io.esteira.deployments.kubernetes;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The kubernetes target exists when a cluster is named: a master URL, a kubeconfig, or the cluster the portal runs in. */
class KubernetesConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        return !env.getProperty("esteira.deployments.kubernetes.master-url", "").isBlank()
                || !env.getProperty("esteira.deployments.kubernetes.kubeconfig", "").isBlank()
                || env.getProperty("esteira.deployments.kubernetes.in-cluster", Boolean.class, false);
    }
}
