import dev.telltale.core.EmbeddedCorpora;
import dev.telltale.core.TextTokenizer;
import dev.telltale.core.Tokenizers;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the packaged Brown corpus as token ids, for training scripts that have no tokenizer of their own
 * (make_torchscript_lm.py). Run from the repository root with the CLI jar on the class path:
 *
 * <pre>
 * ./telltale --help >/dev/null   # builds cli/target/telltale.jar if needed
 * java -cp cli/target/telltale.jar testdata/scripts/ExportTokenIds.java qwen3 /tmp/brown-qwen3.ids
 * </pre>
 *
 * Format (all little-endian int32): magic 0x54544944 ("TTID"), vocabulary size V, document count D, then per
 * document its length n followed by its n ids. Documents are in corpus order (ca01 .. cr09).
 */
public final class ExportTokenIds {
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ExportTokenIds TOKENIZER OUT");
            System.exit(2);
        }
        TextTokenizer tok = Tokenizers.load(args[0]);
        var docs = EmbeddedCorpora.brown();
        long total = 0;
        try (OutputStream raw = Files.newOutputStream(Path.of(args[1]));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            writeLe(out, 0x54544944);
            writeLe(out, tok.vocabSize());
            writeLe(out, docs.size());
            for (EmbeddedCorpora.Document d : docs) {
                int[] ids = tok.encode(d.text());
                writeLe(out, ids.length);
                for (int id : ids) {
                    writeLe(out, id);
                }
                total += ids.length;
            }
        }
        System.err.printf("%d documents, %d tokens, tokenizer %s (%s, sha256 %s) -> %s%n",
                docs.size(), total, tok.id(), tok.implementation(), tok.sha256(), args[1]);
    }

    private static void writeLe(DataOutputStream out, int v) throws IOException {
        out.writeInt(Integer.reverseBytes(v));
    }
}
