package dev.telltale.embed.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.telltale.embed.LanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A TorchScript causal language model run through DJL's PyTorch engine (CPU), seen as a {@link LanguageModel}.
 *
 * <p>Model directory: {@code model.json} ({@link TorchScriptSpec}) and the TorchScript file it names. Contract
 * of the module's {@code forward}: input ids int64 [1, T], 1 ≤ T ≤ C ({@code context_length}), every id in
 * [0, V); output float32 logits [1, V] for the next token, or [1, T, V] for every position of which the last
 * row is used (other float types are converted; a tuple output is read from its first element).
 *
 * <p>Windowing: for a context x[0..n) the module receives {@code ([bos] + x)[−C:]}: the BOS id (when the
 * model has one) followed by the context when it fits, else the last C ids of the context. There is no
 * key-value cache: each step runs the whole window (cost grows with C, not with the text). A model
 * without {@code bos_id} needs a non-empty context.
 *
 * <p>Threading: DJL predictors are not thread-safe, so each instance owns one predictor and
 * {@link #logits} is {@code synchronized}; a shared instance is safe but serialises its callers.
 * {@link #copy()} gives another thread its own predictor over the same loaded module (the weights are
 * loaded once). The module is freed when the original and every copy are {@linkplain #close() closed}.
 *
 * <p>Per step this class allocates no Java arrays: the input ids go through one reused direct buffer that
 * the engine reads in place, and the logits are copied once from the engine's output memory into the
 * caller's {@code out}. DJL itself creates a few small handle objects per call.
 *
 * <p>Engine threads: unless {@value #THREADS_PROPERTY} is set, libtorch runs each forward call on one
 * intra-op thread; parallelism comes from one copy per serving thread. With libtorch's default (one thread per
 * core) a decode step of the test model on a busy 2-core machine stalled for ~200 ms at the 90th percentile
 * (OpenMP threads waiting on each other) against a median under 1 ms; with one thread the 99th percentile
 * stayed near 1 ms. Set the property (e.g. {@code -Dai.djl.pytorch.num_threads=8}) for large models on many
 * cores; it is read once, when the engine starts.
 *
 * <p>Offline: Telltale never lets DJL download anything; {@code ai.djl.offline} is set to {@code true}
 * unless the caller set it. The native PyTorch library comes from the {@code pytorch-native-cpu} jar and is
 * unpacked once into {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}).
 */
public final class TorchScriptModel implements LanguageModel, AutoCloseable {
    /** libtorch's intra-op thread count; Telltale's default is 1 (see the class comment). */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private final Shared shared;
    private final TorchScriptSpec spec;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;
    private final ByteBuffer input;   // [C] int64, native order, read in place by the engine
    private boolean closed;

    private TorchScriptModel(Shared shared) {
        this.shared = shared;
        this.spec = shared.spec;
        this.predictor = shared.model.newPredictor(new NoopTranslator());
        this.manager = shared.model.getNDManager().newSubManager();
        this.input = ByteBuffer.allocateDirect(Long.BYTES * spec.contextLength()).order(ByteOrder.nativeOrder());
    }

    /**
     * Loads the model in {@code dir}, checks the file hash when {@code model.json} records one, and runs
     * one forward call to check the output shape.
     *
     * @throws IOException when the directory, its description or the TorchScript file is missing, invalid
     *                     or not loadable by the engine, or when the module's output breaks the contract
     */
    public static TorchScriptModel load(Path dir) throws IOException {
        TorchScriptSpec spec = TorchScriptSpec.read(dir);
        Path file = dir.resolve(spec.file());
        if (!Files.isRegularFile(file)) {
            throw new IOException("TorchScript file " + file + " (named in " + TorchScriptSpec.FILE_NAME + ") not found");
        }
        if (spec.fileSha256() != null) {
            String actual = sha256(file);
            if (!actual.equals(spec.fileSha256())) {
                throw new IOException(file + " has SHA-256 " + actual + " but " + TorchScriptSpec.FILE_NAME
                        + " records " + spec.fileSha256());
            }
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, "1"); // read once, when the engine starts
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "model"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        Model model = Model.newInstance(name, Device.cpu(), "PyTorch");
        try {
            model.load(file);
        } catch (MalformedModelException | EngineException | IOException e) {
            model.close();
            throw new IOException("PyTorch cannot load " + file + " as TorchScript: " + firstLine(e.getMessage()), e);
        }
        TorchScriptModel m = new TorchScriptModel(new Shared(model, spec, name));
        try {
            m.logits(new int[] {0}, spec.bosId() >= 0 ? 0 : 1, new float[spec.vocabSize()]);
        } catch (RuntimeException e) {
            m.close();
            throw new IOException("model " + dir + " breaks the TorchScript LM contract: " + e.getMessage(), e);
        }
        return m;
    }

    /** The model's description ({@code model.json}). */
    public TorchScriptSpec spec() {
        return spec;
    }

    /** Another instance over the same loaded module, with its own predictor, for another thread. */
    public TorchScriptModel copy() {
        shared.retain();
        return new TorchScriptModel(shared);
    }

    @Override
    public int vocabSize() {
        return spec.vocabSize();
    }

    /**
     * Runs the module on the window of {@code context[0..length)} (see the class comment) and writes the
     * next-token logits into {@code out}.
     *
     * @throws IllegalArgumentException for an id outside [0, V), a wrong {@code out} length, or an empty
     *                                  context when the model has no BOS id
     * @throws IllegalStateException    when the engine fails or the output breaks the contract
     */
    @Override
    public synchronized void logits(int[] context, int length, float[] out) {
        if (closed) {
            throw new IllegalStateException("model " + shared.name + " is closed");
        }
        int v = spec.vocabSize();
        int c = spec.contextLength();
        if (out.length != v) {
            throw new IllegalArgumentException("out has length " + out.length + ", the model's vocabulary is " + v);
        }
        if (length < 0 || length > context.length) {
            throw new IllegalArgumentException("length " + length + " outside [0, " + context.length + "]");
        }
        boolean withBos = spec.bosId() >= 0 && length < c;
        if (!withBos && length == 0) {
            throw new IllegalArgumentException("model " + shared.name + " has no bos_id: it needs at least one context id");
        }
        input.clear();
        if (withBos) {
            input.putLong(spec.bosId());
        }
        int start = Math.max(0, length - input.remaining() / Long.BYTES);
        for (int i = start; i < length; i++) {
            int id = context[i];
            if (id < 0 || id >= v) {
                throw new IllegalArgumentException("token id " + id + " at position " + i + " is outside [0, " + v + ")");
            }
            input.putLong(id);
        }
        int t = input.position() / Long.BYTES;
        input.flip();
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(input, new Shape(1, t), DataType.INT64);
            NDList result = predictor.predict(new NDList(ids));
            copyNextTokenLogits(result.head(), t, out);
        } catch (TranslateException | EngineException e) {
            throw new IllegalStateException("model " + shared.name + " failed on " + t + " ids: " + firstLine(e.getMessage()), e);
        }
    }

    /** [1, V] or [1, T, V] (any float type) → the last row, as float32, into {@code out}. */
    private void copyNextTokenLogits(NDArray y, int t, float[] out) {
        Shape s = y.getShape();
        int v = spec.vocabSize();
        boolean last = s.dimension() == 2 && s.get(0) == 1 && s.get(1) == v;
        boolean all = s.dimension() == 3 && s.get(0) == 1 && s.get(1) == t && s.get(2) == v;
        if (!last && !all) {
            throw new IllegalStateException("model " + shared.name + " returned shape " + s + " for input [1, " + t
                    + "]; expected [1, " + v + "] or [1, " + t + ", " + v + "]");
        }
        NDArray row = all ? y.get(0, t - 1) : y;
        if (row.getDataType() != DataType.FLOAT32) {
            if (!row.getDataType().isFloating()) {
                throw new IllegalStateException("model " + shared.name + " returned " + row.getDataType() + " logits");
            }
            row = row.toType(DataType.FLOAT32, false);
        }
        row.toByteBuffer(true).asFloatBuffer().get(out);
    }

    @Override
    public String describe() {
        return "torchscript " + shared.name + " V=" + spec.vocabSize() + " context=" + spec.contextLength()
                + " tokenizer=" + spec.tokenizer() + (spec.description().isEmpty() ? "" : ": " + spec.description());
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Frees this instance's predictor; the module itself when no other copy is open. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            predictor.close();
            manager.close();
            shared.release();
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The loaded module, shared by an instance and its copies; closed with the last of them. */
    private static final class Shared {
        final Model model;
        final TorchScriptSpec spec;
        final String name;
        private int refs = 1;

        Shared(Model model, TorchScriptSpec spec, String name) {
            this.model = model;
            this.spec = spec;
            this.name = name;
        }

        synchronized void retain() {
            if (refs == 0) {
                throw new IllegalStateException("model " + name + " is closed");
            }
            refs++;
        }

        synchronized void release() {
            if (--refs == 0) {
                model.close();
            }
        }
    }
}
