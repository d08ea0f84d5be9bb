package io.esteira.deployments.ui;

import com.vaadin.flow.component.Component;
import io.esteira.shared.ui.WhileAttached;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The deployment screens' figures are read again every few seconds while they are shown (see {@link WhileAttached}). */
final class EveryFewSeconds {

    static final Duration PERIOD = Duration.ofSeconds(5);

    private EveryFewSeconds() {
    }

    /** Starts on attach and stops on detach; {@code read} runs off the UI thread (null: nothing to show), {@code show} in it. */
    static <T> void whileAttached(Component component, Supplier<T> read, Consumer<T> show) {
        WhileAttached.every(PERIOD, component, read, show);
    }
}
