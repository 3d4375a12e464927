package dev.telltale.corpus.scan.internal;

import dev.telltale.corpus.scan.SkipReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reader thread → N worker threads → ordered writer (the calling thread), with bounded memory: the reader
 * cuts units into batches of at most {@link #BATCH_UNITS} units or {@link #BATCH_TEXT_BYTES} of text and must
 * hold one of {@code 2·N + 2} permits per batch, which the writer returns once the batch is written. So at
 * most that many batches exist at once — queued, being scored, or waiting for an earlier batch to be
 * written — whatever the input's size; a single document is bounded by the scan's maximum document size.
 */
final class Pipeline {
    static final int BATCH_UNITS = 256;
    static final long BATCH_TEXT_BYTES = 1 << 20;
    private static final Batch END = new Batch(-1);

    /** Receives units in input order on the calling thread. */
    interface Sink {
        void accept(Rec r) throws IOException;

        /** Called between batches and at least every 100 ms while waiting. */
        void tick() throws IOException;
    }

    private static final class Batch {
        final long seq;
        final List<Rec> units = new ArrayList<>();
        long textBytes;

        Batch(long seq) {
            this.seq = seq;
        }
    }

    private final List<InputFile> files;
    private final Sources.ReadOptions readOptions;
    private final int startFile;
    private final ResumePoint startPoint;
    private final DocScorer scorer;
    private final int threads;
    private final int maxBatches;
    private final Semaphore permits;
    private final BlockingQueue<Batch> todo = new LinkedBlockingQueue<>();
    private final BlockingQueue<Batch> done = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int peakInFlight;
    private volatile long batchesTotal = -1;

    Pipeline(List<InputFile> files, Sources.ReadOptions readOptions, int startFile, ResumePoint startPoint,
             DocScorer scorer, int threads) {
        this.files = files;
        this.readOptions = readOptions;
        this.startFile = startFile;
        this.startPoint = startPoint;
        this.scorer = scorer;
        this.threads = threads;
        this.maxBatches = 2 * threads + 2;
        this.permits = new Semaphore(maxBatches);
    }

    /** Runs to the end of the inputs, feeding {@code sink} in order; rethrows the first failure of any thread. */
    void run(Sink sink) throws IOException {
        List<Thread> started = new ArrayList<>();
        started.add(start("telltale-scan-reader", this::read));
        for (int i = 0; i < threads; i++) {
            started.add(start("telltale-scan-worker-" + i, this::work));
        }
        try {
            write(sink);
        } catch (IOException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            for (Thread t : started) {
                t.interrupt();
            }
            for (Thread t : started) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof IOException e) {
            throw e;
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /** Most batches that existed at once (never above {@link #maxBatches()}). */
    int peakInFlight() {
        return peakInFlight;
    }

    int maxBatches() {
        return maxBatches;
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void read() {
        long seq = 0;
        Batch batch = new Batch(seq);
        try {
            for (int i = startFile; i < files.size(); i++) {
                ResumePoint from = i == startFile ? startPoint : ResumePoint.START;
                InputFile f = files.get(i);
                RecordSource src = null;
                try {
                    src = Sources.open(i, f, readOptions, from);
                    for (Rec r; (r = src.next()) != null; ) {
                        batch = add(batch, r);
                    }
                } catch (IOException | RuntimeException e) {
                    long units = src == null ? from.units() : src.units();
                    Rec stop = Rec.skip(new Rec.Pos(i, units + 1, 0, -1, f.size()), Locator.file(f.name()), null,
                            SkipReason.UNREADABLE, "read stopped after " + units + " record(s): "
                                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
                    stop.endsFile = true;
                    batch = add(batch, stop);
                } finally {
                    if (src != null) {
                        src.close();
                    }
                }
            }
            if (!batch.units.isEmpty()) {
                enqueue(batch);
                seq = batch.seq + 1;
            } else {
                seq = batch.seq;
            }
            batchesTotal = seq;
            for (int i = 0; i < threads; i++) {
                todo.put(END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            failure.compareAndSet(null, e);
        }
    }

    private Batch add(Batch batch, Rec r) throws InterruptedException {
        batch.units.add(r);
        batch.textBytes += r.textBytes();
        if (batch.units.size() >= BATCH_UNITS || batch.textBytes >= BATCH_TEXT_BYTES) {
            enqueue(batch);
            return new Batch(batch.seq + 1);
        }
        return batch;
    }

    private void enqueue(Batch b) throws InterruptedException {
        permits.acquire();
        int n = inFlight.incrementAndGet();
        if (n > peakInFlight) {
            peakInFlight = n;
        }
        todo.put(b);
    }

    private void work() {
        try {
            while (true) {
                Batch b = todo.take();
                if (b == END) {
                    return;
                }
                for (Rec r : b.units) {
                    if (r.kind() == Rec.Kind.DOC && scorer != null) { // no scorer: read-only measurement
                        try {
                            r.score = scorer.score(r.text);
                        } catch (RuntimeException e) {
                            r.toSkip(SkipReason.DETECT_ERROR, firstLine(e.getMessage()));
                        }
                        r.text = null;
                    }
                }
                done.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(Sink sink) throws IOException {
        TreeMap<Long, Batch> pending = new TreeMap<>();
        long next = 0;
        while (batchesTotal < 0 || next < batchesTotal) {
            if (failure.get() != null) {
                return;
            }
            Batch b;
            try {
                b = done.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("scan interrupted");
            }
            if (b != null) {
                pending.put(b.seq, b);
            }
            while (!pending.isEmpty() && pending.firstKey() == next) {
                Batch ready = pending.pollFirstEntry().getValue();
                for (Rec r : ready.units) {
                    sink.accept(r);
                }
                inFlight.decrementAndGet();
                permits.release();
                next++;
            }
            sink.tick();
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
