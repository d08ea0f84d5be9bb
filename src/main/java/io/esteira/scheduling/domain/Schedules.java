package io.esteira.scheduling.domain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Schedules extends JpaRepository<Schedule, UUID> {

    Page<Schedule> findByAreaIdIn(Collection<UUID> areaIds, Pageable pageable);

    Optional<Schedule> findByAreaIdAndNameIgnoreCase(UUID areaId, String name);

    List<Schedule> findByState(Schedule.State state);

    Optional<Schedule> findByScorerTypeAndScorerSubject(String scorerType, String scorerSubject);

    List<Schedule> findByStateAndDeadlineMinutesIsNotNull(Schedule.State state);
}
