package dev.telltale.server.internal;

import dev.telltale.server.internal.StoreRecords.AuditEvent;
import dev.telltale.server.internal.StoreRecords.ReportRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One writer thread that stores queued reports with their audit entries, as many as are waiting (up to
 * {@value #MAX_BATCH}) per transaction. Under load this turns hundreds of small commits per second into a few
 * larger ones; a batch that fails is retried one report per transaction so one bad record fails alone.
 */
final class GroupCommit implements AutoCloseable {
    static final int MAX_BATCH = 256;

    private record Pending(ReportRecord report, AuditEvent event, CompletableFuture<Void> done) {}

    private static final Pending STOP = new Pending(null, null, null);
    private final JdbcStore store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(JdbcStore store) {
        this.store = store;
        this.writer = new Thread(this::loop, "telltale-report-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a report and waits until it is committed. */
    void write(ReportRecord r, AuditEvent e) {
        if (closed) {
            throw new JdbcStore.StoreException("the store is closed", null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(r, e, done));
        try {
            done.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new JdbcStore.StoreException("interrupted while storing report " + r.id(), ex);
        } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            throw c instanceof RuntimeException re ? re : new JdbcStore.StoreException(String.valueOf(c), c);
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Pending first = queue.take();
                if (first == STOP) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                commit(batch);
                batch.clear();
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            store.tx(c -> {
                for (Pending p : batch) {
                    JdbcStore.insertReport(c, p.report());
                    store.appendAudit(c, p.event());
                }
                return null;
            });
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException batchFailed) {
            for (Pending p : batch) { // find the culprit: one transaction each
                try {
                    store.tx(c -> {
                        JdbcStore.insertReport(c, p.report());
                        return store.appendAudit(c, p.event());
                    });
                    p.done().complete(null);
                } catch (RuntimeException e) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP) {
                p.done().completeExceptionally(new JdbcStore.StoreException("the store closed before report " + p.report().id()
                        + " was written", null));
            }
        }
    }
}
