package io.esteira.deployments.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;

/**
 * What KServe says of an InferenceService: Ready (with the address it answers at), failed (a
 * {@code Ready}, {@code LatestDeploymentReady} or {@code PredictorReady} condition False, with its
 * reason and message), or still on its way. A status of an older generation of the spec says nothing
 * of the latest one.
 */
record Readiness(State state, String detail, String url) {

    enum State { READY, FAILED, PENDING }

    private static final List<String> FAILING = List.of("Ready", "LatestDeploymentReady", "PredictorReady");

    static Readiness of(GenericKubernetesResource isvc) {
        Map<?, ?> status = map(isvc.getAdditionalProperties().get("status"));
        if (status == null) {
            return new Readiness(State.PENDING, "KServe has not reported a status yet", null);
        }
        Long generation = isvc.getMetadata() == null ? null : isvc.getMetadata().getGeneration();
        Object observed = status.get("observedGeneration");
        if (generation != null && observed instanceof Number n && n.longValue() < generation) {
            return new Readiness(State.PENDING, "KServe has not taken up the latest spec yet (generation " + generation + ")", null);
        }
        Map<?, ?> ready = null;
        for (String type : FAILING) {
            Map<?, ?> condition = condition(status, type);
            if (condition != null && "False".equals(condition.get("status"))) {
                return new Readiness(State.FAILED, describe(condition), null);
            }
            if (type.equals("Ready")) {
                ready = condition;
            }
        }
        if (ready != null && "True".equals(ready.get("status"))) {
            Object url = status.get("url");
            if (url == null && map(status.get("address")) instanceof Map<?, ?> address) {
                url = address.get("url");
            }
            return new Readiness(State.READY, null, url == null ? null : url.toString());
        }
        return new Readiness(State.PENDING, ready == null ? "no Ready condition yet" : describe(ready), null);
    }

    private static Map<?, ?> condition(Map<?, ?> status, String type) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> condition && type.equals(condition.get("type"))) {
                    return condition;
                }
            }
        }
        return null;
    }

    private static String describe(Map<?, ?> condition) {
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        return condition.get("type") + " is " + condition.get("status") + (reason == null ? "" : " (" + reason + ")")
                + (message == null ? "" : ": " + message);
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : null;
    }
}
