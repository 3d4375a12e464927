package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;

/** Opens the reader for one input file at a resume point. */
final class Sources {
    private Sources() {}

    static RecordSource open(int index, InputFile f, ReadOptions o, ResumePoint resume) throws IOException {
        if (f.format() == null) {
            return new OneUnit(Rec.skip(new Rec.Pos(index, 1, 0, -1, f.size()), Locator.file(f.name()), null,
                    SkipReason.UNKNOWN_FORMAT, "file name names no supported format"), resume);
        }
        return switch (f.format()) {
            case JSONL -> new JsonlSource(index, f.path(), f.name(), o.textField(), o.idField(), o.maxDocBytes(), resume);
            case TEXT -> resume.units() > 0 ? new OneUnit(null, resume) : new TextSource(index, f.path(), f.name(), o.maxDocBytes());
            case PARQUET -> new ParquetSource(index, f.path(), f.name(), o.textField(), o.idField(), o.maxDocBytes(), resume);
            case WARC -> new WarcSource(index, f.path(), f.name(), o.maxDocBytes(), resume);
            case AUTO -> throw new IllegalStateException("AUTO is resolved per file");
        };
    }

    /** The reading options sources need. */
    record ReadOptions(String textField, String idField, int maxDocBytes) {}

    /** A file that is a single unit (or none when it was done before). */
    private static final class OneUnit implements RecordSource {
        private Rec unit;
        private final long units;

        OneUnit(Rec unit, ResumePoint resume) {
            this.unit = resume.units() > 0 ? null : unit;
            this.units = unit == null ? resume.units() : 1;
        }

        @Override
        public Rec next() {
            Rec u = unit;
            unit = null;
            return u;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public long units() {
            return units;
        }

        @Override
        public void close() {
            // nothing to close
        }
    }
}
