package io.esteira.deployments.domain;

import io.esteira.deployments.DeploymentState;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

public interface Deployments extends JpaRepository<Deployment, UUID> {

    Page<Deployment> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    Page<Deployment> findByAreaIdInAndStateIn(Collection<UUID> areaIds, Collection<DeploymentState> states, Pageable pageable);

    /** The releases of an endpoint, newest first. */
    List<Deployment> findByAreaIdAndNameOrderByRequestedAtDesc(UUID areaId, String name);

    List<Deployment> findByNameAndAreaIdInAndState(String name, Collection<UUID> areaIds, DeploymentState state);

    List<Deployment> findByNameAndAreaIdInOrderByRequestedAtDesc(String name, Collection<UUID> areaIds);

    List<Deployment> findByModelVersionId(UUID versionId);

    List<Deployment> findByAreaIdAndModelId(UUID areaId, UUID modelId);

    boolean existsByName(String name);

    boolean existsByNameAndAreaIdNotIn(String name, Collection<UUID> areaIds);

    List<Deployment> findByState(DeploymentState state);

    /**
     * Where a release answers outside the portal (a KServe InferenceService's URL), recorded by its target while it deploys;
     * in a transaction of its own, since the rollout moves the same row in its own right after.
     */
    @Modifying
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Query("update Deployment d set d.servingUrl = :url where d.id = :id")
    int recordServingUrl(@Param("id") UUID id, @Param("url") String url);
}
