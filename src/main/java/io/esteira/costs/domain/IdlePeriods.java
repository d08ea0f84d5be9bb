package io.esteira.costs.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface IdlePeriods extends JpaRepository<IdlePeriod, UUID> {

    Optional<IdlePeriod> findByOpenKey(UUID workspaceId);

    @Query("select p.workspaceId from IdlePeriod p where p.openKey is not null")
    List<UUID> openWorkspaceIds();
}
