package io.esteira.costs.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface UsageRecords extends JpaRepository<UsageRecord, UUID> {

    List<UsageRecord> findBySourceTypeAndSourceIdAndEndedAtIsNull(String sourceType, UUID sourceId);

    List<UsageRecord> findBySourceTypeAndSourceIdIn(String sourceType, Collection<UUID> sourceIds);

    List<UsageRecord> findBySourceTypeAndSourceIdOrderByStartedAt(String sourceType, UUID sourceId);
}
