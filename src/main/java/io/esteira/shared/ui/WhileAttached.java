package io.esteira.shared.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import io.esteira.shared.StopSignal;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * Reads something again every so often while a component is attached: the reading runs on a virtual thread as the
 * signed-in user and is handed to the UI through server push, so the UI thread never waits for the database or a log.
 */
public final class WhileAttached {

    private WhileAttached() {
    }

    /** Starts on attach and stops on detach; {@code read} runs off the UI thread (null: nothing to show), {@code show} in it. */
    public static <T> void every(Duration period, Component component, Supplier<T> read, Consumer<T> show) {
        StopSignal[] running = new StopSignal[1];
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            StopSignal stop = new StopSignal();
            running[0] = stop;
            Runnable loop = new DelegatingSecurityContextRunnable(() -> {
                while (stop.pause(period)) {
                    try {
                        T value = read.get();
                        if (value != null) {
                            ui.access(() -> show.accept(value));
                        }
                    } catch (com.vaadin.flow.component.UIDetachedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a failed reading (the session ended, the run was deleted) is tried again at the next tick
                    }
                }
            });
            Thread.ofVirtual().name("live-refresh").start(loop);
        });
        // not an interrupt: the reading may be in the database (see StopSignal)
        component.addDetachListener(detach -> {
            if (running[0] != null) {
                running[0].stop();
                running[0] = null;
            }
        });
    }
}
