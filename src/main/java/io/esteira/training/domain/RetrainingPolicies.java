package io.esteira.training.domain;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RetrainingPolicies extends JpaRepository<RetrainingPolicy, UUID> {
}
