package io.esteira.changes.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChangeHistory extends JpaRepository<ChangeHistoryEntry, UUID> {

    List<ChangeHistoryEntry> findByChangeIdOrderByPosition(UUID changeId);

    long countByChangeId(UUID changeId);
}
