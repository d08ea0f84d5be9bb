package io.esteira.identity.domain;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SsoLinkRequests extends JpaRepository<SsoLinkRequest, UUID> {

    List<SsoLinkRequest> findAllByOrderByRequestedAtDesc();

    List<SsoLinkRequest> findByUserIdIn(java.util.Collection<UUID> userIds);
}
