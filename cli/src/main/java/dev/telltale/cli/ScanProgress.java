package dev.telltale.cli;

import dev.telltale.corpus.scan.ScanListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The scan's progress bar on stderr: MB done of the input, MB/s, ETA, documents/s and tokens/s. */
final class ScanProgress implements ScanListener, AutoCloseable {
    private final PrintStream err;
    private ProgressBar bar;
    private long startNanos;
    private long startDocs = -1;
    private long startTokens;

    ScanProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(Progress p) {
        if (bar == null) {
            startNanos = System.nanoTime();
            startDocs = p.documents();
            startTokens = p.tokens();
            bar = new ProgressBarBuilder().setTaskName("scan").setInitialMax(p.bytesTotal())
                    .setUnit(" MB", 1_000_000).showSpeed().setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err, 120))
                    .startsFrom(p.resumedFromBytes(), Duration.ZERO).build();
        }
        bar.stepTo(p.bytesDone());
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        bar.setExtraMessage(String.format(Locale.ROOT, "%,d docs (%.0f/s), %.2fM tok/s, %,d skipped", p.documents(),
                (p.documents() - startDocs) / secs, (p.tokens() - startTokens) / secs / 1e6, p.skipped()));
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
