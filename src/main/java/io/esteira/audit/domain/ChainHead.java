package io.esteira.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last link of the chain; every append locks it, so concurrent writers (and nodes) queue up. */
@Entity
@Table(name = "audit_chain_head")
public class ChainHead {

    public static final int ID = 1;

    @Id
    private int id;
    @Column(name = "last_seq", nullable = false)
    private long lastSeq;
    @Column(name = "last_hash", nullable = false)
    private String lastHash;

    protected ChainHead() {
    }

    public void advance(AuditRecord record) {
        this.lastSeq = record.getSeq();
        this.lastHash = record.getHash();
    }

    public long getLastSeq() { return lastSeq; }
    public String getLastHash() { return lastHash; }
}
