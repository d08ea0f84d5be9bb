package io.esteira.features;

import java.time.Instant;

/** Who reads a feature group: a person or an application, through a channel (training set, online), how much and when. */
public record ReaderView(String reader, String readerType, String channel, long reads, long rows, Instant firstReadAt,
        Instant lastReadAt) {
}
