package dev.telltale.corpus.scan.internal;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads the units of one input file in order. A malformed record comes back as a skip unit; an
 * {@link IOException} ends the file (the reader turns it into one
 * {@link dev.telltale.corpus.scan.SkipReason#UNREADABLE} unit and goes on with the next file). Re-opening a
 * file and reading the same number of units gives the same units (resume relies on it).
 */
interface RecordSource extends Closeable {
    /** The next unit, or null at the end of the file. */
    Rec next() throws IOException;

    /** Raw bytes of the file consumed so far (progress). */
    long bytesRead();

    /** Units read so far. */
    long units();
}
