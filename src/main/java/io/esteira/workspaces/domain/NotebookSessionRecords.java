package io.esteira.workspaces.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface NotebookSessionRecords extends JpaRepository<NotebookSession, String> {

    List<NotebookSession> findByPortalSessionHash(String portalSessionHash);

    List<NotebookSession> findByUserId(UUID userId);

    @Modifying
    @Query("delete from NotebookSession s where s.expiresAt < :before")
    int deleteExpired(Instant before);
}
