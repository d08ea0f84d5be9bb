package io.esteira.shared.ui;

import com.vaadin.flow.shared.Registration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Tells the open screens of a person that something arrived for them (a notification, a request to review), so
 * their header's bell and menu counts update at once through server push instead of at their next navigation.
 * The module that sends calls {@link #changed}; the header registers each of its screens while attached.
 */
@Component
public class LiveInbox {

    private final Map<UUID, Set<Runnable>> screens = new ConcurrentHashMap<>();

    /** {@code changed} runs on the sender's thread after its commit: it must only hand the work to the screen. */
    public Registration register(UUID userId, Runnable changed) {
        screens.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(changed);
        return () -> screens.computeIfPresent(userId, (id, set) -> {
            set.remove(changed);
            return set.isEmpty() ? null : set;
        });
    }

    /** Something arrived for the person: each of their open screens reads its counts again. */
    public void changed(UUID userId) {
        Set<Runnable> open = screens.get(userId);
        if (open != null) {
            open.forEach(Runnable::run);
        }
    }

    /** How many screens of the person listen. */
    public int screensOf(UUID userId) {
        Set<Runnable> open = screens.get(userId);
        return open == null ? 0 : open.size();
    }
}
