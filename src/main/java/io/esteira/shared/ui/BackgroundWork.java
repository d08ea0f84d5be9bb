package io.esteira.shared.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasEnabled;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.esteira.shared.CancelledException;
import io.esteira.shared.ForbiddenException;
import io.esteira.shared.InvalidRequestException;
import io.esteira.shared.NotFoundException;
import io.esteira.shared.StopSignal;
import io.esteira.shared.jdbc.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;

/**
 * The one way a page runs long work (a preview, sample rows, a registration, a connection test):
 * off the UI thread with the signed-in person's rights, a progress line that counts the seconds
 * and says what the work reports, and a Cancel button that stops the query on its source
 * ({@link Cancellation}). The buttons that start it are disabled while it runs; a change of the
 * inputs ({@link #clearOn}) or leaving the page stops it, and a result that comes back after that is
 * dropped, never shown as if it were current. Results and failures are handed back on the UI
 * thread (server push). Ids: {@code <id>}, {@code <id>-status}, {@code <id>-cancel}.
 * <p>
 * Platform threads, not virtual ones: a query on an embedded H2 source is CPU-bound work that
 * never yields its carrier, and on a two-core machine two of them would starve every other
 * virtual thread (the progress ticks and pushes among them).
 */
public class BackgroundWork extends HorizontalLayout {

    private static final Logger log = LoggerFactory.getLogger(BackgroundWork.class);

    /** What the running work tells the page, e.g. "12,000 rows read"; shown beside the elapsed time. */
    public interface Progress {
        void say(String text);
    }

    /** The work: runs off the UI thread, must not touch components. */
    @FunctionalInterface
    public interface Task<T> {
        T run(Progress progress);
    }

    private final ProgressBar bar = new ProgressBar();
    private final Span status = new Span();
    private final Button cancel = new Button("Cancel", VaadinIcon.CLOSE_SMALL.create());
    private final List<HasEnabled> starters = new ArrayList<>();
    private Cancellation running;
    private long generation;
    private Runnable cleared = () -> { };
    private final List<Consumer<Boolean>> watchers = new ArrayList<>();

    public BackgroundWork(String id) {
        setId(id);
        bar.setIndeterminate(true);
        bar.setWidth("8rem");
        bar.getStyle().set("margin", "0");
        status.setId(id + "-status");
        status.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        status.getElement().setAttribute("role", "status");
        status.getElement().setAttribute("aria-live", "polite");
        cancel.setId(id + "-cancel");
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        cancel.addClickListener(e -> cancel());
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        addClassNames(LumoUtility.FlexWrap.WRAP);
        setSpacing(true);
        add(bar, status, cancel);
        setVisible(false);
    }

    /** The buttons (or fields) that start or would change the work: disabled while it runs. */
    public BackgroundWork disabling(HasEnabled... components) {
        starters.addAll(List.of(components));
        return this;
    }

    /**
     * Stops the work and runs {@code clear} (which empties the stale result) whenever one of the
     * inputs changes: a result is only ever shown for the inputs that are on the page.
     */
    public BackgroundWork clearOn(Runnable clear, HasValue<?, ?>... inputs) {
        this.cleared = clear;
        for (HasValue<?, ?> input : inputs) {
            input.addValueChangeListener(e -> {
                stop();
                clear.run();
            });
        }
        return this;
    }

    /** Told {@code true} when the work starts and {@code false} when it ends, however it ends (e.g. a wizard's buttons wait for it). */
    public BackgroundWork onRunning(Consumer<Boolean> watcher) {
        watchers.add(watcher);
        return this;
    }

    public boolean isRunning() {
        return running != null;
    }

    /**
     * Starts the work, stopping any still running.
     *
     * @param doing  what it does, as the progress line says it: "Reading the first rows"
     * @param task   the work, off the UI thread
     * @param done   gets the result, on the UI thread
     * @param failed gets the refusal in the person's words (an unexpected failure becomes a reference to the log), on the UI thread
     */
    public <T> void start(String doing, Task<T> task, Consumer<T> done, Consumer<RuntimeException> failed) {
        stop();
        UI ui = UI.getCurrent();
        Cancellation cancellation = new Cancellation();
        running = cancellation;
        long mine = ++generation;
        long started = System.nanoTime();
        String[] said = {""};
        starters.forEach(s -> s.setEnabled(false));
        watchers.forEach(w -> w.accept(true));
        bar.setVisible(true);
        cancel.setVisible(true);
        cancel.setEnabled(true);
        status.removeClassName(LumoUtility.TextColor.ERROR);
        status.setText(doing + "…");
        setVisible(true);
        Progress progress = text -> said[0] = text == null ? "" : text;
        Thread.ofPlatform().daemon().name("page-work").start(new DelegatingSecurityContextRunnable(() -> {
            StopSignal ticker = new StopSignal();
            Thread.ofPlatform().daemon().name("page-work-ticker").start(() -> {
                try {
                    while (ticker.pause(Duration.ofSeconds(1))) {
                        ui.access(() -> {
                            if (generation == mine && running == cancellation) {
                                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                                status.setText(doing + "… " + (said[0].isEmpty() ? "" : said[0] + " · ") + seconds + " s");
                            }
                        });
                    }
                } catch (com.vaadin.flow.component.UIDetachedException gone) {
                    // the page is gone
                }
            });
            try {
                T result;
                try {
                    result = cancellation.run(() -> task.run(progress));
                } catch (CancelledException e) {
                    return; // the page said so already
                } catch (RuntimeException e) {
                    RuntimeException told = inWords(e);
                    ui.access(() -> {
                        if (generation == mine && !cancellation.isCancelled()) {
                            finished();
                            failed.accept(told);
                        }
                    });
                    return;
                }
                ui.access(() -> {
                    if (generation == mine && !cancellation.isCancelled()) {
                        finished();
                        done.accept(result);
                    }
                });
            } catch (com.vaadin.flow.component.UIDetachedException gone) {
                // the page is gone: nobody waits for the result
            } finally {
                ticker.stop();
            }
        }));
    }

    /** The person's Cancel: the query stops on its source, nothing of it is kept, and the page says so. */
    public void cancel() {
        if (running == null) {
            return;
        }
        Cancellation stopping = running;
        stopQuietly(stopping);
        finished();
        setVisible(true);
        bar.setVisible(false);
        cancel.setVisible(false);
        status.setText("Cancelled: nothing was kept");
    }

    /** Stops the work, if any, and hides the progress line (the inputs changed, or a new run starts). */
    public void stop() {
        if (running != null) {
            stopQuietly(running);
            finished();
        }
        setVisible(false);
    }

    private void stopQuietly(Cancellation stopping) {
        generation++;
        running = null;
        // a PostgreSQL cancel opens a connection of its own: never on the UI thread
        Thread.ofPlatform().daemon().name("page-work-cancel").start(stopping::cancel);
    }

    private void finished() {
        running = null;
        starters.forEach(s -> s.setEnabled(true));
        watchers.forEach(w -> w.accept(false));
        setVisible(false);
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        // the buttons it disabled work again should the page show them once more (e.g. a wizard's step rebuilt)
        stop();
        super.onDetach(detachEvent);
    }

    /** The refusal as the person may read it; anything unexpected is logged and told as a reference. */
    static RuntimeException inWords(RuntimeException e) {
        if (e instanceof InvalidRequestException || e instanceof ForbiddenException || e instanceof NotFoundException) {
            return e;
        }
        if (e instanceof AccessDeniedException) {
            return new ForbiddenException("You are not allowed to do this.");
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure of work started from a page, reference {}", reference, e);
        return new IllegalStateException("Something went wrong; nothing was changed. Reference: " + reference);
    }

    /** Empties the result of the last run, as an input change would. */
    public void clear() {
        stop();
        cleared.run();
    }
}
