package io.esteira.training.runners;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A job's log kept in a bounded way: the first {@code headBytes} go to the file as they come; beyond that,
 * only the last {@code tailBytes} are kept (in memory, written after the head with a marker of what was left
 * out once the job ends). Readable while the job runs: the head from the file and the tail kept so far.
 */
public final class BoundedLog {

    private final Path file;
    private final int headBytes;
    private final byte[] tail;
    private long total;
    private int tailStart;
    private int tailLength;
    private OutputStream out;

    public BoundedLog(Path file, int headBytes, int tailBytes) {
        this.file = file;
        this.headBytes = headBytes;
        this.tail = new byte[tailBytes];
        try {
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the stream into the log until it ends; for the thread that pumps a process's output. */
    public void pump(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            write(buffer, 0, n);
        }
    }

    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int toHead = (int) Math.max(0, Math.min(length, headBytes - total));
        if (toHead > 0 && out != null) {
            out.write(bytes, offset, toHead);
            out.flush();
        }
        for (int i = offset + toHead; i < offset + length; i++) {
            int at = (tailStart + tailLength) % tail.length;
            tail[at] = bytes[i];
            if (tailLength < tail.length) {
                tailLength++;
            } else {
                tailStart = (tailStart + 1) % tail.length;
            }
        }
        total += length;
    }

    /** A line of the portal's own (setup steps, the outcome), in the same log. */
    public void note(String line) {
        byte[] bytes = ("[esteira] " + line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            write(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized long total() {
        return total;
    }

    /** Writes what the tail kept after the head, and closes the file. */
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            if (tailLength > 0) {
                long left = total - headBytes - tailLength;
                if (left > 0) {
                    out.write(("\n[esteira] … " + left + " bytes of the log left out …\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write(tailBytes());
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out = null;
        }
    }

    /** At most about {@code maxBytes} of the log's end, as it stands now. */
    public synchronized String text(int maxBytes) {
        if (out == null || tailLength == 0) {
            return readEnd(file, maxBytes);
        }
        byte[] kept = tailBytes();
        String head = readEnd(file, Math.max(0, maxBytes - kept.length));
        long left = total - headBytes - tailLength;
        return head + (left > 0 ? "\n[esteira] … " + left + " bytes of the log left out …\n" : "") + decode(kept, Math.min(kept.length, maxBytes));
    }

    private byte[] tailBytes() {
        byte[] copy = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) {
            copy[i] = tail[(tailStart + i) % tail.length];
        }
        return copy;
    }

    /** The end of a log file, at most {@code maxBytes}, whatever its size or encoding. */
    public static String readEnd(Path file, int maxBytes) {
        if (maxBytes <= 0 || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            int length = (int) Math.min(size, maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(size - length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read the end
            }
            return decode(buffer.array(), length);
        } catch (IOException e) {
            return "(the log cannot be read: " + e.getMessage() + ")";
        }
    }

    private static String decode(byte[] bytes, int lastBytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, bytes.length - lastBytes, lastBytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
