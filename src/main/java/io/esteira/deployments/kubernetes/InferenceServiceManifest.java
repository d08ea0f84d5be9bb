package io.esteira.deployments.kubernetes;

import io.esteira.shared.kubernetes.KubernetesConnections;
import io.esteira.deployments.domain.Deployment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The KServe {@code serving.kserve.io/v1beta1} InferenceService of a release: named after its
 * deployment (the endpoint, so that later releases update it), in its area's namespace, an ONNX
 * predictor speaking the Open Inference Protocol (v2) with the release's replicas, CPU and memory,
 * and {@code canaryTrafficPercent} while the release is a canary: KServe then keeps the previously
 * rolled-out revision, the stable release, for the rest of the calls.
 */
final class InferenceServiceManifest {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1beta1").withKind("InferenceService").withPlural("inferenceservices")
            .withNamespaced(true).build();
    static final String API_VERSION = "serving.kserve.io/v1beta1";
    static final String AREA_LABEL = "esteira.io/area";
    static final String MODEL_LABEL = "esteira.io/model";
    static final String VERSION_LABEL = "esteira.io/model-version";
    static final String RELEASE_LABEL = "esteira.io/release";
    static final String CHANGE_LABEL = "esteira.io/change-request";
    static final String MANAGED_BY_LABEL = "esteira.io/managed-by";

    private InferenceServiceManifest() {
    }

    /** The InferenceService serving {@code release} from {@code storageUri}; a canary only while it still has its share. */
    static GenericKubernetesResource of(Deployment release, String areaCode, String namespace, String storageUri, KServeProperties properties) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(AREA_LABEL, labelValue(areaCode));
        labels.put(MODEL_LABEL, labelValue(release.getModelName()));
        labels.put(VERSION_LABEL, String.valueOf(release.getModelVersionNumber()));
        labels.put(RELEASE_LABEL, release.getId().toString());
        if (release.getChangeId() != null) {
            labels.put(CHANGE_LABEL, release.getChangeId().toString());
        }
        labels.put(MANAGED_BY_LABEL, "esteira");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("esteira.io/area-id", release.getAreaId().toString());
        annotations.put("esteira.io/model", release.getModelName());
        annotations.put("esteira.io/model-version-id", release.getModelVersionId().toString());
        annotations.put("esteira.io/environment", release.getEnvironment().name().toLowerCase(Locale.ROOT));
        annotations.put("esteira.io/requested-by", release.getRequestedBy());

        Map<String, Object> quantities = new LinkedHashMap<>();
        quantities.put("cpu", release.getCpu() == null ? properties.defaultCpu() : release.getCpu());
        quantities.put("memory", release.getMemory() == null ? properties.defaultMemory() : release.getMemory());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("modelFormat", Map.of("name", "onnx"));
        model.put("protocolVersion", "v2");
        if (!properties.runtime().isEmpty()) {
            model.put("runtime", properties.runtime());
        }
        model.put("storageUri", storageUri);
        model.put("resources", Map.of("requests", quantities, "limits", quantities));
        Map<String, Object> predictor = new LinkedHashMap<>();
        predictor.put("minReplicas", release.getReplicas());
        predictor.put("maxReplicas", release.getReplicas());
        if (release.getCanaryPercent() != null) {
            predictor.put("canaryTrafficPercent", release.getCanaryPercent());
        }
        if (!properties.serviceAccount().isEmpty()) {
            predictor.put("serviceAccountName", properties.serviceAccount());
        }
        // on the predictor's pods too, for cost allocation by area
        predictor.put("labels", Map.of(AREA_LABEL, labels.get(AREA_LABEL), RELEASE_LABEL, labels.get(RELEASE_LABEL)));
        predictor.put("model", model);

        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind("InferenceService")
                .withNewMetadata().withName(release.getName()).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", predictor))
                .build();
    }

    /** An area's namespace: the prefix and the area code as a DNS label, as its workspaces have it. */
    static String namespaceOf(String areaCode, String prefix) {
        String namespace = KubernetesConnections.namespaceOf(areaCode, prefix);
        if (namespace == null) {
            throw new IllegalStateException("Area code " + areaCode + " does not make a Kubernetes namespace name");
        }
        return namespace;
    }

    static String labelValue(String text) {
        return KubernetesConnections.labelValue(text);
    }
}
