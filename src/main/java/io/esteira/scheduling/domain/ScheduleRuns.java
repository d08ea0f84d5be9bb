package io.esteira.scheduling.domain;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ScheduleRuns extends JpaRepository<ScheduleRun, UUID> {

    Page<ScheduleRun> findByScheduleIdOrderByScheduledForDesc(UUID scheduleId, Pageable pageable);

    long countByScheduleId(UUID scheduleId);

    java.util.Optional<ScheduleRun> findTopByScheduleIdAndScheduledForOrderByAttemptDesc(UUID scheduleId, java.time.Instant scheduledFor);
}
