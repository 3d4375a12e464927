package dev.telltale.detect.radioactivity;

/** Progress of a long radioactivity test (a progress bar, a job's status), and a way to cancel it. */
public interface Progress {
    /** Nothing reported, never cancelled. */
    Progress NONE = (done, total) -> { };

    /** {@code done} of {@code total} units (requests or texts) are finished. Called from the test's thread. */
    void update(long done, long total);

    /** Polled between units; true stops the test early with {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
        return false;
    }
}
