package dev.telltale.cli;

/** Bad usage or bad input: printed as one line, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
