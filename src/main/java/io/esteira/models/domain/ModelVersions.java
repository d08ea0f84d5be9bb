package io.esteira.models.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ModelVersions extends JpaRepository<ModelVersion, UUID> {

    Optional<ModelVersion> findByModelIdAndNumber(UUID modelId, int number);

    Page<ModelVersion> findByModelId(UUID modelId, Pageable pageable);

    Optional<ModelVersion> findFirstByModelIdOrderByNumberDesc(UUID modelId);

    @Query("select coalesce(max(v.number), 0) from ModelVersion v where v.modelId = :modelId")
    int maxNumber(UUID modelId);

    long countByModelId(UUID modelId);

    List<ModelVersion> findByGatesStateIn(Collection<ModelVersion.GatesState> states);
}
