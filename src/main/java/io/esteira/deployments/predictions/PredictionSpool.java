package io.esteira.deployments.predictions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The prediction log's local, append-only spool: where the log's writer puts entries that the
 * database cannot take (while it restarts, say), so that a call is answered only once its entry is on
 * this node's disk. A directory of numbered segments ({@code segment-000000000042.spool}); the writer
 * appends to the newest and forces it to disk ({@link FileChannel#force}) before the callers are
 * answered; the shipper seals the segments ({@link #seal()}: the next append starts a new one), writes
 * their entries to the database and deletes each segment once its entries are committed there.
 *
 * <p>A record is {@code [length: int][CRC-32C of the payload: int][payload]}. A node killed while it
 * appended leaves a partial last record; {@link #read} stops at the first record that is incomplete or
 * whose checksum does not match, and reports the bytes it did not read (none of them belongs to an
 * answered call: a call is answered only after its record was forced to disk whole). A lock on
 * {@code .lock} keeps a second process off the same directory.
 */
final class PredictionSpool implements AutoCloseable {

    static final String SUFFIX = ".spool";
    private static final String PREFIX = "segment-";
    private static final int HEADER = 8;
    /** A record larger than this is not one we wrote: the rest of the segment is unreadable. */
    static final int MAX_RECORD = 8 * 1024 * 1024;

    /** What a segment holds: its whole records, and how many bytes after them could not be read. */
    record Contents(List<byte[]> records, long unreadableBytes) {
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private long next;
    private FileChannel active;

    PredictionSpool(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
            this.lockChannel = FileChannel.open(this.dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock taken;
            try {
                taken = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                taken = null; // held by this JVM already
            }
            this.lock = taken;
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("Another process uses the prediction-log spool " + this.dir
                        + "; give each portal process a spool directory of its own (esteira.prediction-log.spool-dir)");
            }
            this.next = segments().stream().mapToLong(PredictionSpool::number).max().orElse(0) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the prediction-log spool " + this.dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Appends whole records and forces them to disk; when this returns, they survive a crash of the process or the machine. */
    synchronized void append(List<byte[]> payloads) throws IOException {
        if (active == null) {
            Path segment = dir.resolve(String.format("%s%012d%s", PREFIX, next++, SUFFIX));
            active = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceDirectory(); // the new file's name is durable too
        }
        int size = 0;
        for (byte[] p : payloads) {
            size += HEADER + p.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        CRC32C crc = new CRC32C();
        for (byte[] p : payloads) {
            crc.reset();
            crc.update(p);
            buffer.putInt(p.length).putInt((int) crc.getValue()).put(p);
        }
        buffer.flip();
        long start = active.size();
        try {
            while (buffer.hasRemaining()) {
                active.write(buffer);
            }
            active.force(false);
        } catch (IOException e) {
            // a partial write must not stay in front of later records: cut it off and start a new segment
            try {
                active.truncate(start);
                active.force(false);
            } catch (IOException ignored) {
                // the reader stops at the partial record anyway
            }
            closeActive();
            throw e;
        }
    }

    /** Closes the segment being appended to (the next append starts a new one) and returns every segment, oldest first. */
    synchronized List<Path> seal() {
        closeActive();
        return segments();
    }

    /** Whether any segment is on disk (sealed or not). */
    synchronized boolean isEmpty() {
        return segments().isEmpty();
    }

    /** The whole records of a segment, up to the first one that is incomplete or damaged. */
    static Contents read(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<byte[]> records = new ArrayList<>();
        CRC32C crc = new CRC32C();
        while (buffer.remaining() >= HEADER) {
            int mark = buffer.position();
            int length = buffer.getInt();
            int checksum = buffer.getInt();
            if (length < 0 || length > MAX_RECORD || length > buffer.remaining()) {
                buffer.position(mark);
                break;
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            crc.reset();
            crc.update(payload);
            if ((int) crc.getValue() != checksum) {
                buffer.position(mark);
                break;
            }
            records.add(payload);
        }
        return new Contents(records, buffer.remaining());
    }

    /** Removes a segment whose records are in the database; one with unreadable bytes is kept aside as {@code *.damaged} for a person to look at. */
    synchronized void remove(Path segment, long unreadableBytes) throws IOException {
        if (unreadableBytes > 0) {
            Files.move(segment, segment.resolveSibling(segment.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(segment);
        }
        forceDirectory();
    }

    /** Appends records the database refused for good to {@code rejected.spool-rejected}, kept for a person to look at. */
    synchronized void reject(List<byte[]> payloads) throws IOException {
        Path rejected = dir.resolve("rejected" + SUFFIX + "-rejected");
        try (FileChannel out = FileChannel.open(rejected, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            CRC32C crc = new CRC32C();
            for (byte[] p : payloads) {
                crc.reset();
                crc.update(p);
                ByteBuffer b = ByteBuffer.allocate(HEADER + p.length).putInt(p.length).putInt((int) crc.getValue()).put(p).flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(false);
        }
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX);
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the prediction-log spool " + dir, e);
        }
    }

    private static long number(Path segment) {
        String n = segment.getFileName().toString();
        try {
            return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void closeActive() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException ignored) {
                // it was forced after every append
            }
            active = null;
        }
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can force a directory; Linux can
        }
    }

    @Override
    public synchronized void close() {
        closeActive();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the process is going away
        }
    }
}
