package io.esteira.features.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Who reads a feature group, through which channel, how often: "who reads it" on the group's page. */
@Entity
@Table(name = "feature_group_reader")
@IdClass(FeatureReader.Key.class)
public class FeatureReader {

    /** The composite key: group, reader and channel. */
    public static class Key implements Serializable {
        private UUID groupId;
        private String reader;
        private String channel;

        protected Key() {
        }

        public Key(UUID groupId, String reader, String channel) {
            this.groupId = groupId;
            this.reader = reader;
            this.channel = channel;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(groupId, k.groupId) && java.util.Objects.equals(reader, k.reader)
                    && java.util.Objects.equals(channel, k.channel);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(groupId, reader, channel);
        }
    }

    @Id
    @Column(name = "group_id")
    private UUID groupId;
    @Id
    private String reader;
    @Id
    private String channel;
    @Column(name = "reader_type", nullable = false)
    private String readerType;
    private long reads;
    @Column(name = "rows_read")
    private long rowsRead;
    @Column(name = "first_read_at", nullable = false)
    private Instant firstReadAt;
    @Column(name = "last_read_at", nullable = false)
    private Instant lastReadAt;
    @Version
    @Column(name = "row_version")
    private long rowVersion;

    protected FeatureReader() {
    }

    public FeatureReader(UUID groupId, String reader, String readerType, String channel, Instant at) {
        this.groupId = groupId;
        this.reader = reader;
        this.readerType = readerType;
        this.channel = channel;
        this.firstReadAt = at;
        this.lastReadAt = at;
    }

    public void read(long reads, long rows, Instant at) {
        this.reads += reads;
        this.rowsRead += rows;
        if (at.isAfter(lastReadAt)) {
            this.lastReadAt = at;
        }
    }

    public UUID getGroupId() { return groupId; }
    public String getReader() { return reader; }
    public String getReaderType() { return readerType; }
    public String getChannel() { return channel; }
    public long getReads() { return reads; }
    public long getRowsRead() { return rowsRead; }
    public Instant getFirstReadAt() { return firstReadAt; }
    public Instant getLastReadAt() { return lastReadAt; }
}
