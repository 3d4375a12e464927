package dev.telltale.corpus.scan;

/** Progress of a running scan, reported from the writer a few times a second and once at the end. */
@FunctionalInterface
public interface ScanListener {
    /** Reports nothing. */
    ScanListener NONE = p -> { };

    void progress(Progress p);

    /**
     * @param bytesDone  input bytes behind the last written document (raw file bytes, compressed or not)
     * @param bytesTotal size of all input files
     * @param documents  documents scored so far (including those of a resumed run's earlier part)
     * @param tokens     tokens of those documents
     * @param resumedFromBytes bytes already done when this process started (0 for a fresh scan)
     */
    record Progress(long bytesDone, long bytesTotal, long documents, long skipped, long tokens, long resumedFromBytes) {}
}
