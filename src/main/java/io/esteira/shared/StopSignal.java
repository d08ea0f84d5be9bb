package io.esteira.shared;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a background loop without interrupting its thread. An interrupt that lands while a thread reads or writes H2
 * closes the database's file for every connection of the JVM (H2 issue #227: "the database has been closed"), so loops
 * that touch the database pause on this instead of sleeping, and are stopped through it.
 */
public final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Waits for up to {@code period}; true while the loop should go on, false once it was stopped. */
    public boolean pause(Duration period) {
        try {
            return !stopped.await(period.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }
}
