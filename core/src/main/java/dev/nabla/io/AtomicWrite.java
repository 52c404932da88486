package dev.nabla.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Public entry to {@link AtomicFile} for small files written by other packages (tokenizers, logs,
 * metrics): the previous file stays intact unless the whole new content reached the disk. Missing
 * parent directories are created.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Replaces {@code target} with {@code text} in UTF-8, atomically; failures are UncheckedIOExceptions naming the file. */
    public static void writeString(Path target, String text) {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": cannot create " + dir + ": " + e.getMessage(), e);
        }
        AtomicFile.write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }
}
