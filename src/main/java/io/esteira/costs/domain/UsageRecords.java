package io.esteira.costs.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UsageRecords extends JpaRepository<UsageRecord, UUID> {

    List<UsageRecord> findBySourceTypeAndSourceIdAndEndedAtIsNull(String sourceType, UUID sourceId);

    List<UsageRecord> findBySourceTypeAndSourceIdIn(String sourceType, Collection<UUID> sourceIds);

    List<UsageRecord> findBySourceTypeAndSourceIdOrderByStartedAt(String sourceType, UUID sourceId);

    @Query("select r from UsageRecord r where r.areaId = :areaId and r.startedAt < :to "
            + "and (r.endedAt is null or r.endedAt > :from)")
    List<UsageRecord> overlapping(UUID areaId, Instant from, Instant to);
}
