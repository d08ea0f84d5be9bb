package io.esteira.models.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A version's artifact bytes in the portal's database, one row per MiB, so that any node serves
 * them and neither storing nor reading ever holds more than one chunk in memory, on H2 and
 * PostgreSQL alike (plain {@code bytea} values, no large-object API).
 */
@Component
public class ArtifactStore {

    public static final int CHUNK = 1024 * 1024;

    /** What was stored: the byte count and the SHA-256 of the bytes, in lower-case hex. */
    public record Stored(long size, String sha256) {
    }

    /** More bytes than allowed. */
    public static class TooLarge extends RuntimeException {
        public TooLarge(long limit) {
            super("The artifact is larger than " + limit / (1024 * 1024) + " MiB");
        }
    }

    private final JdbcTemplate jdbc;

    ArtifactStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inside the registering transaction: nothing is kept when it rolls back. */
    public Stored store(UUID versionId, InputStream in, long limit) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        int seq = 0;
        try {
            while (true) {
                int filled = in.readNBytes(buffer, 0, CHUNK);
                if (filled == 0) {
                    break;
                }
                size += filled;
                if (size > limit) {
                    throw new TooLarge(limit);
                }
                digest.update(buffer, 0, filled);
                byte[] chunk = filled == CHUNK ? buffer.clone() : java.util.Arrays.copyOf(buffer, filled);
                jdbc.update("insert into model_artifact_chunk (version_id, seq, bytes) values (?, ?, ?)", versionId, seq++, chunk);
                if (filled < CHUNK) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the uploaded artifact failed: " + e.getMessage(), e);
        }
        return new Stored(size, HexFormat.of().formatHex(digest.digest()));
    }

    /** Writes the bytes in order, one chunk at a time, and returns what was written; {@code out} stays open. */
    public Stored copy(UUID versionId, OutputStream out) {
        MessageDigest digest = sha256();
        long size = 0;
        try {
            int chunks = jdbc.queryForObject("select count(*) from model_artifact_chunk where version_id = ?", Integer.class, versionId);
            for (int seq = 0; seq < chunks; seq++) {
                List<byte[]> chunk = jdbc.query("select bytes from model_artifact_chunk where version_id = ? and seq = ?",
                        (rs, i) -> rs.getBytes(1), versionId, seq);
                if (chunk.isEmpty()) {
                    throw new IllegalStateException("Chunk " + seq + " of the artifact of " + versionId + " is missing");
                }
                out.write(chunk.getFirst());
                digest.update(chunk.getFirst());
                size += chunk.getFirst().length;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Stored(size, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
