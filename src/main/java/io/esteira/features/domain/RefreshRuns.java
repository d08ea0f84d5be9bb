package io.esteira.features.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RefreshRuns extends JpaRepository<RefreshRun, UUID> {

    List<RefreshRun> findByVersionIdOrderByStartedAtDesc(UUID versionId, Pageable pageable);

    Optional<RefreshRun> findFirstByVersionIdAndStateOrderByStartedAtDesc(UUID versionId, RefreshRun.State state);

    List<RefreshRun> findByState(RefreshRun.State state);
}
