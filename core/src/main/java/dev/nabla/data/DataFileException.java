package dev.nabla.data;

/** A data file (IDX, CSV) that is malformed: the message names the file, the place and the fault. */
public class DataFileException extends RuntimeException {
    public DataFileException(String message) {
        super(message);
    }

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
