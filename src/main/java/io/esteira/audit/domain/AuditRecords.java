package io.esteira.audit.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AuditRecords extends JpaRepository<AuditRecord, Long> {

    List<AuditRecord> findBySeqGreaterThanOrderBySeqAsc(long seq, Limit limit);

    long countByOccurredAtGreaterThanEqualAndOccurredAtLessThan(Instant from, Instant to);
}
