package dev.nabla.io;

/**
 * A safetensors file that is malformed (truncated, bad header, inconsistent offsets, unsupported
 * dtype) or a set of tensors that cannot be written as one. The message names the file and the fault.
 * Plain I/O failures (missing file, permission denied) are reported as {@link java.io.UncheckedIOException}.
 */
public class SafeTensorsException extends RuntimeException {
    public SafeTensorsException(String message) {
        super(message);
    }

    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
