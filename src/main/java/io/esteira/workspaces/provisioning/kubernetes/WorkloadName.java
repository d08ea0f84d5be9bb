package io.esteira.workspaces.provisioning.kubernetes;

import io.esteira.shared.kubernetes.KubernetesConnections;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeRef;
import io.esteira.workspaces.provisioning.WorkspaceSpec;

/**
 * The namespace and name shared by a workspace's StatefulSet, Service, Secret and volume claim; its handle is
 * {@code namespace/name}.
 */
record WorkloadName(String namespace, String name) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?)?");

    WorkloadName {
        if (!DNS_LABEL.matcher(namespace).matches() || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new ProvisioningException("Not a Kubernetes workspace handle: " + namespace + "/" + name);
        }
    }

    /**
     * A new workspace's name: {@code ws-} and its whole id (39 characters), so that no two workspaces can share
     * one. Workspaces made when names held only the id's first 8 digits keep theirs: their handle says it.
     */
    static WorkloadName of(WorkspaceSpec spec, String namespacePrefix) {
        return new WorkloadName(namespaceOf(spec.areaCode(), namespacePrefix), nameOf(spec.id()));
    }

    static String nameOf(UUID workspaceId) {
        return "ws-" + workspaceId.toString().toLowerCase(Locale.ROOT);
    }

    static WorkloadName of(RuntimeRef ref) {
        String handle = ref == null ? null : ref.handle();
        int slash = handle == null ? -1 : handle.indexOf('/');
        if (slash < 0) {
            throw new ProvisioningException("Not a Kubernetes workspace handle: " + handle);
        }
        return new WorkloadName(handle.substring(0, slash), handle.substring(slash + 1));
    }

    /** The workspace's own name when its reference is missing, as after a failed first start. */
    static WorkloadName of(WorkspaceSpec spec, RuntimeRef ref, String namespacePrefix) {
        return ref == null || ref.handle() == null || ref.handle().isBlank() ? of(spec, namespacePrefix) : of(ref);
    }

    static String namespaceOf(String areaCode, String prefix) {
        String namespace = KubernetesConnections.namespaceOf(areaCode, prefix);
        if (namespace == null) {
            throw new ProvisioningException("Area code " + areaCode + " does not make a Kubernetes namespace name");
        }
        return namespace;
    }

    /** A valid label value for any text: at most 63 letters, digits, {@code -_.}, beginning and ending alphanumeric. */
    static String labelValue(String text) {
        String value = KubernetesConnections.labelValue(text);
        if (!LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalStateException("not a label value: " + value);
        }
        return value;
    }

    String handle() {
        return namespace + "/" + name;
    }

    String address(String pattern) {
        String address = pattern.replace("{name}", name).replace("{namespace}", namespace);
        return address.endsWith("/") ? address : address + "/";
    }

    String pod() {
        return name + "-0";
    }
}
