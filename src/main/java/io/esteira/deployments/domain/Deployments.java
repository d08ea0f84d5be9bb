package io.esteira.deployments.domain;

import io.esteira.deployments.DeploymentState;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Deployments extends JpaRepository<Deployment, UUID> {

    Page<Deployment> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    Page<Deployment> findByAreaIdInAndStateIn(Collection<UUID> areaIds, Collection<DeploymentState> states, Pageable pageable);

    /** The releases of an endpoint, newest first. */
    List<Deployment> findByAreaIdAndNameOrderByRequestedAtDesc(UUID areaId, String name);

    List<Deployment> findByNameAndAreaIdInAndState(String name, Collection<UUID> areaIds, DeploymentState state);

    List<Deployment> findByNameAndAreaIdInOrderByRequestedAtDesc(String name, Collection<UUID> areaIds);

    List<Deployment> findByModelVersionId(UUID versionId);

    List<Deployment> findByState(DeploymentState state);
}
