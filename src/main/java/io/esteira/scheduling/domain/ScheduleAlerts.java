package io.esteira.scheduling.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ScheduleAlerts extends JpaRepository<ScheduleAlert, UUID> {

    @Query("select a.scheduledFor from ScheduleAlert a where a.scheduleId = :scheduleId and a.kind = :kind and a.scheduledFor between :from and :to")
    Set<Instant> raisedBetween(UUID scheduleId, ScheduleAlert.Kind kind, Instant from, Instant to);

    Page<ScheduleAlert> findByScheduleIdOrderByRaisedAtDesc(UUID scheduleId, Pageable pageable);
}
