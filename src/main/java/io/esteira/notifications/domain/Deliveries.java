package io.esteira.notifications.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface Deliveries extends JpaRepository<Delivery, UUID> {

    List<Delivery> findByNotificationIdOrderByChannel(UUID notificationId);

    /** Due and not being sent by anyone: pending, its time come, and no live claim (a node that died lets its claim lapse). */
    @Query("select d.id from Delivery d where d.state = io.esteira.notifications.domain.Delivery.State.PENDING"
            + " and d.nextAttemptAt <= :now and (d.claimedUntil is null or d.claimedUntil < :now) order by d.nextAttemptAt")
    List<UUID> findDue(@Param("now") Instant now, Pageable limit);

    /**
     * Takes the delivery for one attempt until {@code until}; one conditional update, so that of the
     * node that sends at once after commit and the sweeps of every node, exactly one sends it.
     *
     * @return 1 when this caller has it
     */
    @Modifying
    @Query("update Delivery d set d.claimedUntil = :until where d.id = :id"
            + " and d.state = io.esteira.notifications.domain.Delivery.State.PENDING"
            + " and d.nextAttemptAt <= :now and (d.claimedUntil is null or d.claimedUntil < :now)")
    int claim(@Param("id") UUID id, @Param("now") Instant now, @Param("until") Instant until);
}
