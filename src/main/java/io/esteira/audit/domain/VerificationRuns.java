package io.esteira.audit.domain;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface VerificationRuns extends JpaRepository<VerificationRun, UUID> {

    Optional<VerificationRun> findFirstByOrderByFinishedAtDesc();
}
