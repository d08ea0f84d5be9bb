package io.esteira.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    @Test
    void a_pause_lasts_its_period_while_nobody_stops() {
        StopSignal signal = new StopSignal();
        long started = System.nanoTime();
        assertThat(signal.pause(Duration.ofMillis(50))).as("go on").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(signal.isStopped()).isFalse();
    }

    @Test
    void stop_ends_a_pause_at_once_without_interrupting_the_thread() throws InterruptedException {
        StopSignal signal = new StopSignal();
        AtomicBoolean wentOn = new AtomicBoolean(true);
        AtomicBoolean interrupted = new AtomicBoolean(true);
        Thread loop = Thread.ofVirtual().start(() -> {
            wentOn.set(signal.pause(Duration.ofMinutes(5)));
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        signal.stop();
        loop.join(Duration.ofSeconds(10));
        assertThat(loop.isAlive()).as("the loop ended its pause").isFalse();
        assertThat(wentOn).as("told to stop").isFalse();
        assertThat(interrupted).as("the thread was not interrupted").isFalse();
        assertThat(signal.pause(Duration.ofMinutes(5))).as("a stopped signal never pauses again").isFalse();
    }
}
