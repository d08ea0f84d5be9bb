package io.esteira.deployments.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * Reads something again every few seconds while a component is attached: the reading runs on a
 * virtual thread as the signed-in user, and what it read is handed to the UI through server push,
 * so the UI thread never waits for the database.
 */
final class EveryFewSeconds {

    static final Duration PERIOD = Duration.ofSeconds(5);

    private EveryFewSeconds() {
    }

    /** Starts on attach and stops on detach; {@code read} runs off the UI thread, {@code show} in it. */
    static <T> void whileAttached(Component component, Supplier<T> read, Consumer<T> show) {
        Thread[] worker = new Thread[1];
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            Runnable loop = new DelegatingSecurityContextRunnable(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(PERIOD);
                        T value = read.get();
                        ui.access(() -> show.accept(value));
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a failed reading (e.g. the session ended meanwhile) is tried again at the next tick
                        if (e instanceof com.vaadin.flow.component.UIDetachedException) {
                            return;
                        }
                    }
                }
            });
            worker[0] = Thread.ofVirtual().name("deployments-refresh").start(loop);
        });
        component.addDetachListener(detach -> {
            if (worker[0] != null) {
                worker[0].interrupt();
                worker[0] = null;
            }
        });
    }
}
