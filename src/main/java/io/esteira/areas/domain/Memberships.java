package io.esteira.areas.domain;

import io.esteira.areas.AreaRole;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Memberships extends JpaRepository<Membership, UUID> {

    List<Membership> findByUserId(UUID userId);

    List<Membership> findByAreaId(UUID areaId);

    Optional<Membership> findByAreaIdAndUserId(UUID areaId, UUID userId);

    List<Membership> findByAreaIdAndRole(UUID areaId, AreaRole role);

    long countByAreaId(UUID areaId);
}
