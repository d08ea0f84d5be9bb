package io.esteira.scheduling.domain;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ScheduleRuns extends JpaRepository<ScheduleRun, UUID> {

    Page<ScheduleRun> findByScheduleIdOrderByScheduledForDescAttemptDesc(UUID scheduleId, Pageable pageable);

    /** Fire times in a range that have a succeeded run. */
    @org.springframework.data.jpa.repository.Query("select distinct r.scheduledFor from ScheduleRun r where r.scheduleId = :scheduleId and r.state = io.esteira.scheduling.domain.ScheduleRun.State.SUCCEEDED and r.scheduledFor between :from and :to")
    java.util.Set<java.time.Instant> succeededBetween(UUID scheduleId, java.time.Instant from, java.time.Instant to);

    long countByScheduleId(UUID scheduleId);

    /** The schedule's last ten finished runs (succeeded or failed: both are billed), newest first. */
    java.util.List<ScheduleRun> findTop10ByScheduleIdAndFinishedAtIsNotNullOrderByStartedAtDesc(UUID scheduleId);

    java.util.Optional<ScheduleRun> findTopByScheduleIdOrderByStartedAtDesc(UUID scheduleId);

    java.util.Optional<ScheduleRun> findTopByScheduleIdAndScheduledForOrderByAttemptDesc(UUID scheduleId, java.time.Instant scheduledFor);
}
