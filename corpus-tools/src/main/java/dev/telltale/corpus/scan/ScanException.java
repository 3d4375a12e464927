package dev.telltale.corpus.scan;

/**
 * A scan that cannot start as asked: a missing input, a format that cannot be told, a checkpoint left by a
 * scan with other arguments, results that would be overwritten. The message is one line saying what to do.
 */
public final class ScanException extends RuntimeException {
    public ScanException(String message) {
        super(message);
    }
}
