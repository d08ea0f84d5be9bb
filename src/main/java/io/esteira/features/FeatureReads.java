package io.esteira.features;

import io.esteira.features.FeatureEvents.FeatureGroupRead;
import io.esteira.features.domain.FeatureReader;
import io.esteira.features.domain.FeatureReaders;
import io.esteira.shared.Trace;
import io.esteira.shared.security.ActorType;
import io.esteira.shared.security.CurrentUser;
import io.esteira.shared.security.SignedInUser;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Who reads it": every read of a group's values is counted per reader and channel. Online lookups
 * are many and fast, so they are counted in memory and written, and audited as one entry per reader,
 * every few seconds; a node that dies loses at most that interval's counts. Other reads are written at once.
 */
@Component
public class FeatureReads {

    private static final Logger log = LoggerFactory.getLogger(FeatureReads.class);

    public static final String ONLINE = "online";
    public static final String TRAINING_SET = "training set";

    /** What is counted: one reader of one group through one channel. */
    record Reading(UUID groupId, UUID areaId, String groupName, int version, String reader, ActorType readerType, String channel) {
    }

    private record Count(LongAdder reads, LongAdder rows) {
    }

    private final FeatureReaders readers;
    private final io.esteira.areas.AreaAccess access;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Map<Reading, Count> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final Clock clock;

    FeatureReads(FeatureReaders readers, io.esteira.areas.AreaAccess access, ApplicationEventPublisher events, PlatformTransactionManager transactionManager,
            @Value("${esteira.features.reads-flush-interval:PT10S}") java.time.Duration interval, Clock clock) {
        this.clock = clock;
        this.readers = readers;
        this.access = access;
        this.events = events;
        this.tx = new TransactionTemplate(transactionManager);
        tx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW); // callers may be in a read-only transaction
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("feature-reads").daemon().factory());
        flusher.scheduleWithFixedDelay(this::flushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts a read by the signed-in caller. */
    void record(UUID groupId, UUID areaId, String groupName, int version, String channel, long rows) {
        SignedInUser user = CurrentUser.require();
        Count count = pending.computeIfAbsent(new Reading(groupId, areaId, groupName, version, user.actorName(), user.actorType(), channel),
                k -> new Count(new LongAdder(), new LongAdder()));
        count.reads().increment();
        count.rows().add(rows);
        if (!channel.equals(ONLINE)) { // rare and large: written at once
            flushQuietly();
        }
    }

    /** @throws io.esteira.shared.ForbiddenException for people outside the group's area: who reads what is the area's business */
    public List<ReaderView> readersOf(FeatureGroupView group) {
        if (!access.canRead(group.areaId())) {
            throw new io.esteira.shared.ForbiddenException("Who reads " + group.name() + " is shown to " + group.domain() + " only");
        }
        return readers.findByGroupIdOrderByLastReadAtDesc(group.id()).stream()
                .map(r -> new ReaderView(r.getReader(), r.getReaderType(), r.getChannel(), r.getReads(), r.getRowsRead(),
                        r.getFirstReadAt(), r.getLastReadAt()))
                .toList();
    }

    /** Writes the counts gathered so far. */
    public void flush() {
        for (Reading reading : new ArrayList<>(pending.keySet())) {
            Count count = pending.remove(reading);
            if (count == null) {
                continue;
            }
            long reads = count.reads().sum();
            long rows = count.rows().sum();
            Instant now = clock.instant();
            for (int attempt = 1; ; attempt++) {
                try {
                    tx.executeWithoutResult(s -> {
                        FeatureReader reader = readers.findById(new FeatureReader.Key(reading.groupId(), reading.reader(), reading.channel()))
                                .orElseGet(() -> new FeatureReader(reading.groupId(), reading.reader(), reading.readerType().name(),
                                        reading.channel(), now));
                        reader.read(reads, rows, now);
                        readers.saveAndFlush(reader);
                        if (reading.channel().equals(ONLINE)) { // training sets are audited as they are read
                            events.publishEvent(new FeatureGroupRead(reading.groupId(), reading.areaId(), reading.groupName(), reading.version(),
                                reading.channel() + " (" + reads + (reads == 1 ? " read)" : " reads)"), (int) Math.min(rows, Integer.MAX_VALUE),
                                    List.of(), new Trace(reading.reader(), reading.readerType(), null, null, now)));
                        }
                    });
                    break;
                } catch (OptimisticLockingFailureException | DataIntegrityViolationException e) {
                    if (attempt == 3) { // another node keeps winning: the counts wait for the next flush
                        Count back = pending.computeIfAbsent(reading, k -> new Count(new LongAdder(), new LongAdder()));
                        back.reads().add(reads);
                        back.rows().add(rows);
                        log.warn("Feature reads of {} wait for the next flush: {}", reading.groupName(), e.getMessage());
                        break;
                    }
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not record feature reads: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        flusher.shutdown();
        flushQuietly();
    }
}
