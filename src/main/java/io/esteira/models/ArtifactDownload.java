package io.esteira.models;

import java.io.OutputStream;
import java.util.function.Consumer;

/** An artifact ready to send: its file name, size and checksum, and what writes its bytes (chunk by chunk). */
public record ArtifactDownload(String fileName, long size, String sha256, Consumer<OutputStream> writer) {
}
