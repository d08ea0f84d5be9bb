package io.esteira.training.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface TrainingRuns extends JpaRepository<TrainingRun, UUID> {

    Page<TrainingRun> findByJobId(UUID jobId, Pageable pageable);

    Page<TrainingRun> findByAreaId(UUID areaId, Pageable pageable);

    @Query("select coalesce(max(r.number), 0) from TrainingRun r where r.jobId = :jobId")
    int maxNumber(UUID jobId);

    List<TrainingRun> findTop20ByStateAndRunnerInOrderByQueuedAt(RunState state, Collection<String> runners);

    List<TrainingRun> findByStateInAndNode(Collection<RunState> states, String node);

    boolean existsByJobIdAndScheduledFor(UUID jobId, Instant scheduledFor);

    /** The newest run of each of the jobs. */
    @Query("select r from TrainingRun r where r.jobId in :jobIds and r.number = (select max(o.number) from TrainingRun o where o.jobId = r.jobId)")
    List<TrainingRun> latestOf(Collection<UUID> jobIds);

    /** The job's newest succeeded runs, to compare a run's metrics with. */
    List<TrainingRun> findTop6ByJobIdAndStateAndNumberLessThanEqualOrderByNumberDesc(UUID jobId, RunState state, int number);

    boolean existsByJobIdAndStateIn(UUID jobId, Collection<RunState> states);

    /** Runs on a node whose heartbeat stopped: that node is gone or stuck. */
    @Query("select r from TrainingRun r where r.state in :states and r.heartbeatAt < :before")
    List<TrainingRun> silentSince(Collection<RunState> states, Instant before);

    /**
     * The claim: only one node turns a queued run into a starting one, whatever the number of nodes trying at once
     * (the row's update is atomic; the loser updates nothing).
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingRun r set r.state = io.esteira.training.domain.RunState.STARTING, r.node = :node, r.startedAt = :now, "
            + "r.heartbeatAt = :now, r.version = r.version + 1 where r.id = :id and r.state = io.esteira.training.domain.RunState.QUEUED")
    int claim(UUID id, String node, Instant now);

    /** Takes a silent run over to this node: only one node does, whatever the number trying at once. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingRun r set r.node = :node, r.heartbeatAt = :now, r.version = r.version + 1 where r.id = :id "
            + "and r.state in :states and r.heartbeatAt < :before")
    int takeOver(UUID id, Collection<RunState> states, Instant before, String node, Instant now);

    /** Ends a run that no node has claimed yet as cancelled; 0 when a node claimed it first (or it ended meanwhile). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingRun r set r.state = io.esteira.training.domain.RunState.CANCELLED, r.reason = :reason, r.finishedAt = :now, "
            + "r.version = r.version + 1 where r.id = :id and r.state = io.esteira.training.domain.RunState.QUEUED")
    int cancelQueued(UUID id, String reason, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update TrainingRun r set r.heartbeatAt = :now where r.id = :id and r.node = :node")
    int heartbeat(UUID id, String node, Instant now);
}
