package io.esteira.deployments.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's pool of workers for asynchronous predictions ({@code esteira.serving.async.workers},
 * 0: this node only queues). Each worker takes the next request at once while there are some, and
 * when there are none looks again after a wait that doubles up to {@code esteira.serving.async.idle-poll};
 * a request queued on this node wakes them at once. On shutdown the workers stop taking requests,
 * finish the ones they hold (for up to {@code esteira.serving.async.stop-timeout}) and put back
 * whatever is still unfinished.
 */
@Component
class AsyncWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AsyncWorkers.class);
    private static final long FIRST_IDLE_MILLIS = 10;

    private final AsyncScoring scoring;
    private final String node;
    private final int size;
    private final long maxIdleMillis;
    private final Duration stopTimeout;
    private final Object signal = new Object();
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong taken = new AtomicLong();
    private final Map<UUID, AsyncScoring.Claim> holding = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    @Autowired
    AsyncWorkers(AsyncScoring scoring, @Value("${esteira.node-id:local}") String node, @Value("${esteira.serving.async.workers:2}") int size,
            @Value("${esteira.serving.async.idle-poll:PT0.5S}") Duration idlePoll,
            @Value("${esteira.serving.async.stop-timeout:PT10S}") Duration stopTimeout) {
        if (size < 0) {
            throw new IllegalStateException("esteira.serving.async.workers is " + size + "; 0 (this node only queues) or more");
        }
        this.scoring = scoring;
        this.node = node;
        this.size = size;
        this.maxIdleMillis = Math.max(FIRST_IDLE_MILLIS, idlePoll.toMillis());
        this.stopTimeout = stopTimeout;
    }

    /** Wakes idle workers: a request was queued on this node. */
    void wake() {
        wakeUps.incrementAndGet();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Requests this pool has taken (and carried out or given up) since it started. */
    long taken() {
        return taken.get();
    }

    String node() {
        return node;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (size == 0) {
            log.info("No asynchronous prediction workers on {} (esteira.serving.async.workers=0): this node only queues requests", node);
            return;
        }
        for (int i = 0; i < size; i++) {
            Thread t = Thread.ofPlatform().name("async-prediction-" + node + "-" + (i + 1)).daemon(true).unstarted(this::work);
            threads.add(t);
            t.start();
        }
        log.info("{} asynchronous prediction workers on {}", size, node);
    }

    private void work() {
        long idle = 0;
        while (running) {
            long seen = wakeUps.get();
            boolean took = false;
            try {
                took = scoring.takeOne(node, c -> holding.put(c.requestId(), c), c -> holding.remove(c.requestId()));
            } catch (RuntimeException e) {
                log.warn("An asynchronous prediction worker failed; it goes on: {}", e.toString());
            }
            if (took) {
                taken.incrementAndGet();
                idle = 0;
                continue;
            }
            idle = idle == 0 ? FIRST_IDLE_MILLIS : Math.min(idle * 2, maxIdleMillis);
            synchronized (signal) {
                if (running && wakeUps.get() == seen) {
                    try {
                        signal.wait(idle);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (wakeUps.get() != seen) {
                idle = 0;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake();
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
        threads.clear();
        // what a worker still holds now would otherwise wait for its lease to lapse
        holding.values().forEach(c -> {
            try {
                scoring.release(c);
            } catch (RuntimeException e) {
                log.warn("Could not put back asynchronous prediction {}; it is taken again when its lease lapses: {}", c.requestId(),
                        e.getMessage());
            }
        });
        holding.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
