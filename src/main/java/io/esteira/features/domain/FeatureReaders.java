package io.esteira.features.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FeatureReaders extends JpaRepository<FeatureReader, FeatureReader.Key> {

    List<FeatureReader> findByGroupIdOrderByLastReadAtDesc(UUID groupId);
}
