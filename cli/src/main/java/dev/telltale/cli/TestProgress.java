package dev.telltale.cli;

import dev.telltale.detect.radioactivity.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for long radioactivity runs (requests sent, texts read). */
final class TestProgress implements Progress, AutoCloseable {
    private final PrintStream err;
    private final String task;
    private final String unit;
    private ProgressBar bar;

    TestProgress(PrintStream err, String task, String unit) {
        this.err = err;
        this.task = task;
        this.unit = unit;
    }

    @Override
    public synchronized void update(long done, long total) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, 1).showSpeed()
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err, 100)).build();
        }
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
