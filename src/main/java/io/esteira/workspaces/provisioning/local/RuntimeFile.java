package io.esteira.workspaces.provisioning.local;

import io.esteira.workspaces.provisioning.ProvisioningException;
import io.esteira.workspaces.provisioning.RuntimeRef;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code runtime.properties} in a workspace's directory: the process and port of its notebook
 * server, whether the portal stopped it on purpose (so that an exit is not taken for a crash), and
 * the base path it serves under (empty for servers started before the portal proxied notebooks).
 */
record RuntimeFile(long pid, int port, boolean stopped, String basePath) {

    static final String NAME = "runtime.properties";

    RuntimeFile(long pid, int port, boolean stopped) {
        this(pid, port, stopped, "");
    }

    RuntimeFile markedStopped() {
        return new RuntimeFile(pid, port, true, basePath);
    }

    /** Whether the server was started with the portal's proxy path as its base URL. */
    boolean proxied() {
        return basePath != null && !basePath.isEmpty();
    }

    RuntimeRef ref() {
        return new RuntimeRef(handle(), "http://127.0.0.1:" + port + (proxied() ? basePath : "/"));
    }

    String handle() {
        return "pid=" + pid + ";port=" + port;
    }

    static RuntimeFile parse(String handle) {
        long pid = 0;
        int port = 0;
        for (String part : handle.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].equals("pid")) {
                pid = Long.parseLong(kv[1]);
            } else if (kv.length == 2 && kv[0].equals("port")) {
                port = Integer.parseInt(kv[1]);
            }
        }
        return new RuntimeFile(pid, port, false);
    }

    static Optional<RuntimeFile> read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
            return Optional.of(new RuntimeFile(Long.parseLong(p.getProperty("pid", "0")),
                    Integer.parseInt(p.getProperty("port", "0")), Boolean.parseBoolean(p.getProperty("stopped", "false")),
                    p.getProperty("base-path", "")));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("port", Integer.toString(port));
        p.setProperty("stopped", Boolean.toString(stopped));
        p.setProperty("base-path", basePath == null ? "" : basePath);
        Path tmp = dir.resolve(NAME + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            OwnerOnly.restrict(tmp);
            p.store(writer, "Esteira workspace runtime");
        } catch (IOException e) {
            throw new ProvisioningException("Cannot write " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ProvisioningException("Cannot write " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }
}
