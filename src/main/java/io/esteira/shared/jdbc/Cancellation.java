package io.esteira.shared.jdbc;

import io.esteira.shared.CancelledException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cancel button of a piece of long work, as seen by the code that does it: work started with
 * {@link #run} has a cancellation bound to its thread, and every statement it runs on a data source
 * is {@link #watch watched}, so that {@link #cancel} really stops the query there
 * ({@link Statement#cancel()}), not only the waiting for it. Threads are never interrupted: an
 * interrupt can close an H2 file under its other users.
 */
public final class Cancellation {

    private static final Logger log = LoggerFactory.getLogger(Cancellation.class);
    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private final List<Statement> running = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    /** Runs work with this cancellation bound to the thread, so that the statements it runs can be cancelled. */
    public <T> T run(Supplier<T> work) {
        Cancellation outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Stops the work: every statement it is running is cancelled on its source, and the next one is refused. */
    public void cancel() {
        cancelled = true;
        for (Statement statement : running) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException e) {
                log.debug("Cancelling a statement failed; its time limit still applies", e);
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** The cancellation of the work running on this thread, if it has one. */
    public static Optional<Cancellation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Whether the work on this thread was cancelled: a failure it meets now is the cancel, not a fault. */
    public static boolean cancelledOnThisThread() {
        Cancellation c = CURRENT.get();
        return c != null && c.cancelled;
    }

    /** @throws CancelledException when the work on this thread was cancelled; call it between long steps */
    public static void check() {
        if (cancelledOnThisThread()) {
            throw new CancelledException();
        }
    }

    /** What {@link #watch} returns: closing it stops watching the statement. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lets the Cancel button of the work on this thread cancel the statement while it runs (use it
     * in try-with-resources around its execution); nothing without such work.
     *
     * @throws CancelledException when the work was cancelled before the statement started
     */
    public static Watch watch(Statement statement) {
        Cancellation c = CURRENT.get();
        if (c == null) {
            return () -> { };
        }
        c.running.add(statement);
        if (c.cancelled) {
            c.running.remove(statement);
            throw new CancelledException();
        }
        return () -> c.running.remove(statement);
    }
}
