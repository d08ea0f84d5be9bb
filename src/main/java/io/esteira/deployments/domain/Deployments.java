package io.esteira.deployments.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Deployments extends JpaRepository<Deployment, UUID> {

    Page<Deployment> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    List<Deployment> findByNameAndAreaIdIn(String name, Collection<UUID> areaIds);

    Optional<Deployment> findByAreaIdAndName(UUID areaId, String name);
}
