package io.esteira.workspaces.provisioning.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keeps a workspace's files to the portal's operating-system user: directories 700, files 600.
 * Its notebooks, its log (Jupyter prints its token there) and its runtime files are nobody else's
 * business on the machine. Other file systems than POSIX ones are left as they are.
 */
final class OwnerOnly {

    private OwnerOnly() {
    }

    static void restrict(Path path) {
        try {
            if (Files.isSymbolicLink(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot restrict " + path + " to the portal's user", e);
        }
    }

    /** Creates the file empty and owner-only if it does not exist; restricts it if it does. */
    static Path file(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(file);
                }
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // made meanwhile: restricted below
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + file, e);
        }
        restrict(file);
        return file;
    }

    /** Creates the directory and its missing parents up to {@code root}, each owner-only. */
    static Path directories(Path root, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot create " + dir, e);
        }
        for (Path p = dir; p != null && p.startsWith(root); p = p.getParent()) {
            restrict(p);
        }
        return dir;
    }
}
