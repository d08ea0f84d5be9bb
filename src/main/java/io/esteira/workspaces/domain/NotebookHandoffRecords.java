package io.esteira.workspaces.domain;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface NotebookHandoffRecords extends JpaRepository<NotebookHandoff, String> {

    /** Spends a ticket: 1 for the one caller that took it, 0 for anyone else (used already, by another node too). */
    @Modifying
    @Query("delete from NotebookHandoff h where h.ticketHash = :hash")
    int spend(String hash);

    @Modifying
    @Query("delete from NotebookHandoff h where h.expiresAt < :before")
    int deleteExpired(Instant before);
}
