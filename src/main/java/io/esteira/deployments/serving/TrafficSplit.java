package io.esteira.deployments.serving;

import io.esteira.deployments.domain.Deployment;
import java.util.List;

/** Which live release of an endpoint answers a call: the canary for its percentage of the calls, the stable release for the rest. */
public final class TrafficSplit {

    private TrafficSplit() {
    }

    /** @param roll uniform in 0..99 */
    public static Deployment pick(List<Deployment> live, int roll) {
        Deployment canary = null;
        Deployment stable = null;
        for (Deployment d : live) {
            if (d.getCanaryPercent() != null) {
                canary = d;
            } else {
                stable = d;
            }
        }
        if (canary == null) {
            return stable;
        }
        if (stable == null) {
            return canary;
        }
        return roll < canary.getCanaryPercent() ? canary : stable;
    }
}
