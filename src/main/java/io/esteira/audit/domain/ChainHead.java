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
    /** The first row hashed with the chain key; earlier rows were written before the chain was keyed. */
    @Column(name = "keyed_from")
    private Long keyedFrom;
    /** HMAC of {@link #keyedFrom} under the chain key, written with the first keyed row. */
    @Column(name = "keyed_from_seal")
    private String keyedFromSeal;

    protected ChainHead() {
    }

    public void advance(AuditRecord record) {
        this.lastSeq = record.getSeq();
        this.lastHash = record.getHash();
    }

    /** Seals the boundary of keyed hashing; only before the first keyed row is written. */
    public void sealKeyedFrom(String seal) {
        this.keyedFromSeal = seal;
    }

    /** Where keyed hashing starts: row 1 when the database says nothing (the safe reading). */
    public long keyedFrom() {
        return keyedFrom == null ? 1 : keyedFrom;
    }

    public String getKeyedFromSeal() { return keyedFromSeal; }
    public long getLastSeq() { return lastSeq; }
    public String getLastHash() { return lastHash; }
}
