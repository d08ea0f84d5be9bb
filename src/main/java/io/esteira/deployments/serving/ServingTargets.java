package io.esteira.deployments.serving;

import io.esteira.shared.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The targets this portal can deploy to, and the one a request without a target gets. */
@Component
public class ServingTargets {

    private final Map<String, ServingTarget> targets = new LinkedHashMap<>();
    private final String defaultTarget;

    ServingTargets(List<ServingTarget> available, @Value("${esteira.deployments.default-target:embedded}") String defaultTarget) {
        available.forEach(t -> targets.put(t.name(), t));
        if (!targets.containsKey(defaultTarget)) {
            throw new IllegalStateException("esteira.deployments.default-target is " + defaultTarget + "; the targets here are " + targets.keySet());
        }
        this.defaultTarget = defaultTarget;
    }

    public Set<String> names() {
        return targets.keySet();
    }

    public String defaultName() {
        return defaultTarget;
    }

    /** @throws InvalidRequestException for a target this portal does not have */
    public ServingTarget named(String name) {
        ServingTarget target = targets.get(name == null || name.isBlank() ? defaultTarget : name.strip());
        if (target == null) {
            throw new InvalidRequestException("target", name + " is not a deployment target of this portal; it has " + targets.keySet());
        }
        return target;
    }
}
