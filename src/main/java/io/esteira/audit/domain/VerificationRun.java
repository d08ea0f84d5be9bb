package io.esteira.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "audit_verification")
public class VerificationRun {

    @Id
    private UUID id;
    @Column(name = "started_at", nullable = false)
    private Instant startedAt;
    @Column(name = "finished_at", nullable = false)
    private Instant finishedAt;
    @Column(name = "checked_rows", nullable = false)
    private long checkedRows;
    private boolean intact;
    @Column(name = "first_broken")
    private Long firstBroken;
    private String reason;
    private String protection;
    @Column(name = "requested_by", nullable = false)
    private String requestedBy;

    protected VerificationRun() {
    }

    public VerificationRun(Instant startedAt, long checkedRows, boolean intact, Long firstBroken, String reason,
            String requestedBy, String protection, Instant now) {
        this.id = UUID.randomUUID();
        this.startedAt = startedAt;
        this.finishedAt = now;
        this.checkedRows = checkedRows;
        this.intact = intact;
        this.firstBroken = firstBroken;
        this.reason = reason == null || reason.length() <= 400 ? reason : reason.substring(0, 400);
        this.requestedBy = requestedBy;
        this.protection = protection == null || protection.length() <= 400 ? protection : protection.substring(0, 400);
    }

    public Instant getFinishedAt() { return finishedAt; }
    public long getCheckedRows() { return checkedRows; }
    public boolean isIntact() { return intact; }
    public Long getFirstBroken() { return firstBroken; }
    public String getReason() { return reason; }
    public String getRequestedBy() { return requestedBy; }
    public String getProtection() { return protection; }
}
