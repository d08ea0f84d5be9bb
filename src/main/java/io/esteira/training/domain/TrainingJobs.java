package io.esteira.training.domain;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TrainingJobs extends JpaRepository<TrainingJob, UUID> {

    @Query("select j from TrainingJob j where j.areaId = :areaId and j.deletedAt is null and lower(j.name) like concat('%', lower(:text), '%')")
    Page<TrainingJob> search(UUID areaId, String text, Pageable pageable);

    Optional<TrainingJob> findByAreaIdAndLiveNameIgnoreCase(UUID areaId, String liveName);

    java.util.List<TrainingJob> findByScheduleCronIsNotNullAndDeletedAtIsNull();

    boolean existsByAreaIdAndLiveNameIgnoreCase(UUID areaId, String liveName);
}
