package io.esteira.features.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SourceAccessRequests extends JpaRepository<SourceAccessRequest, UUID> {

    List<SourceAccessRequest> findBySourceIdAndKindAndStateAndRequesterAreaIdIn(UUID sourceId, SourceAccessRequest.Kind kind,
            SourceAccessRequest.State state, Collection<UUID> requesterAreaIds);

    Page<SourceAccessRequest> findByRequesterAreaIdInOrOwnerAreaIdIn(Collection<UUID> requesterAreaIds, Collection<UUID> ownerAreaIds,
            Pageable pageable);

    boolean existsBySourceIdAndRequesterAreaIdAndKindAndSchemaNameAndTableNameAndState(UUID sourceId, UUID requesterAreaId,
            SourceAccessRequest.Kind kind, String schemaName, String tableName, SourceAccessRequest.State state);
}
