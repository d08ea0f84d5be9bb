package io.esteira.features.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AccessRequests extends JpaRepository<AccessRequest, UUID> {

    List<AccessRequest> findByGroupIdOrderByRequestedAtDesc(UUID groupId);

    List<AccessRequest> findByGroupIdAndStateAndRequesterAreaIdIn(UUID groupId, AccessRequest.State state, Collection<UUID> areaIds);

    boolean existsByGroupIdAndRequesterAreaIdAndState(UUID groupId, UUID requesterAreaId, AccessRequest.State state);
}
