package dev.nabla.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Public entry to {@link AtomicFile} for small files written by other packages (tokenizers,
 * vocabularies): the previous file stays intact unless the whole new content reached the disk.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Replaces {@code target} with {@code text} in UTF-8, atomically; failures are UncheckedIOExceptions naming the file. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        AtomicFile.write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }
}
