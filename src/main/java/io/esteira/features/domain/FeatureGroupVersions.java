package io.esteira.features.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FeatureGroupVersions extends JpaRepository<FeatureGroupVersion, UUID> {

    List<FeatureGroupVersion> findByGroupIdOrderByNumberDesc(UUID groupId);

    Optional<FeatureGroupVersion> findByGroupIdAndNumber(UUID groupId, int number);

    List<FeatureGroupVersion> findBySourceId(UUID sourceId);

    List<FeatureGroupVersion> findByStatus(FeatureGroupVersion.Status status);

    List<FeatureGroupVersion> findByStatisticsStateIn(List<FeatureGroupVersion.StatisticsState> states);
}
