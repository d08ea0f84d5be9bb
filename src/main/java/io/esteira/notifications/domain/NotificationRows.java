package io.esteira.notifications.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Every query names the recipient: a person's inbox is read and changed only through their own id. */
public interface NotificationRows extends JpaRepository<Notification, UUID> {

    Page<Notification> findByRecipientId(UUID recipientId, Pageable pageable);

    Page<Notification> findByRecipientIdAndAreaId(UUID recipientId, UUID areaId, Pageable pageable);

    Optional<Notification> findByIdAndRecipientId(UUID id, UUID recipientId);

    long countByRecipientIdAndReadAtIsNull(UUID recipientId);

    long countByRecipientIdAndAreaIdAndReadAtIsNull(UUID recipientId, UUID areaId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Notification n set n.readAt = :at where n.recipientId = :recipient and n.readAt is null")
    int markAllRead(@Param("recipient") UUID recipientId, @Param("at") Instant at);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Notification n set n.readAt = :at where n.recipientId = :recipient and n.areaId = :area and n.readAt is null")
    int markAllReadInArea(@Param("recipient") UUID recipientId, @Param("area") UUID areaId, @Param("at") Instant at);
}
