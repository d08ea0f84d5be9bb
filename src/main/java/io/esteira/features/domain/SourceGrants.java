package io.esteira.features.domain;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SourceGrants extends JpaRepository<SourceGrant, SourceGrant.Key> {

    List<SourceGrant> findBySourceIdOrderByGrantedAt(UUID sourceId);

    List<SourceGrant> findBySourceIdAndAreaIdIn(UUID sourceId, Collection<UUID> areaIds);
}
