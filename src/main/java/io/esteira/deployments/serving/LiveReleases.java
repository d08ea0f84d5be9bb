package io.esteira.deployments.serving;

import io.esteira.deployments.DeploymentEvents.CanaryPromoted;
import io.esteira.deployments.DeploymentEvents.DeploymentStateChanged;
import io.esteira.deployments.DeploymentState;
import io.esteira.deployments.domain.Deployment;
import io.esteira.shared.AfterCommit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The live releases (and shadows) of an endpoint as read in the last moment, so that an application calling many
 * times a second does not pay the query on every call (it was a third of a call's time). Any state
 * change or promotion empties it on this node, at once and again after the change commits; on other
 * nodes a change takes effect within {@link #KEEP}. Keyed by the caller's readable areas and the
 * name, so no caller sees what another may not.
 */
@Component
public class LiveReleases {

    public static final Duration KEEP = Duration.ofSeconds(1);
    private static final int MAX_ENTRIES = 10_000;

    private record Key(Set<UUID> areas, String name, DeploymentState state) {
    }

    private record Entry(List<Deployment> live, long expiresAt) {
    }

    private final Map<Key, Entry> recent = new ConcurrentHashMap<>();

    public List<Deployment> of(Set<UUID> readableAreas, String name, Supplier<List<Deployment>> load) {
        return of(readableAreas, name, DeploymentState.LIVE, load);
    }

    /** The releases of an endpoint in a state: LIVE (those that answer) or SHADOW (those that score a mirror of the calls). */
    public List<Deployment> of(Set<UUID> readableAreas, String name, DeploymentState state, Supplier<List<Deployment>> load) {
        Key key = new Key(Set.copyOf(readableAreas), name, state);
        Entry entry = recent.get(key);
        if (entry != null && entry.expiresAt() - System.nanoTime() > 0) {
            return entry.live();
        }
        List<Deployment> live = List.copyOf(load.get());
        if (recent.size() >= MAX_ENTRIES) {
            recent.clear();
        }
        recent.put(key, new Entry(live, System.nanoTime() + KEEP.toNanos()));
        return live;
    }

    @EventListener({DeploymentStateChanged.class, CanaryPromoted.class})
    void forgetAll() {
        recent.clear();
        AfterCommit.run(recent::clear);
    }
}
