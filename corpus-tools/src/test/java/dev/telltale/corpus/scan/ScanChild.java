package dev.telltale.corpus.scan;

import dev.telltale.core.KeyFiles;
import dev.telltale.core.WatermarkKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan in a child JVM, for tests that kill it: {@code ScanChild KEYFILE OUTDIR CHECKPOINT_SECONDS THREADS INPUT...}
 * (development key file, results and summary in OUTDIR; {@code -Dscan.poolMb} sets the pooled set's budget, default 1).
 * Prints "done" and exits 0 when the scan finishes.
 */
public final class ScanChild {
    private ScanChild() {}

    public static void main(String[] args) throws Exception {
        WatermarkKey key = KeyFiles.read(Path.of(args[0]), () -> {
            throw new KeyFiles.KeyFileException("test keys are plaintext");
        });
        Path out = Path.of(args[1]);
        List<Path> inputs = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            inputs.add(Path.of(args[i]));
        }
        ScanOptions o = ScanOptions.builder(inputs).out(out.resolve("results.jsonl")).summary(out.resolve("summary.json"))
                .checkpointSeconds(Double.parseDouble(args[2])).threads(Integer.parseInt(args[3]))
                .poolMemoryBytes(Long.getLong("scan.poolMb", 1) << 20).build();
        CorpusScan.Report r = CorpusScan.run(key, o, ScanListener.NONE);
        System.out.println("done resumed=" + r.resumed() + " checkpoints=" + r.checkpoints());
    }
}
