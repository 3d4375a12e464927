package dev.telltale.server;

/** A signed report or audit export that does not verify; the message is one line that says why. */
public final class VerificationException extends Exception {
    public VerificationException(String message) {
        super(message);
    }
}
