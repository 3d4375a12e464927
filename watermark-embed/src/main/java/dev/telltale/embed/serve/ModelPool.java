package dev.telltale.embed.serve;

import dev.telltale.embed.KneserNeyModel;
import dev.telltale.embed.LanguageModel;
import dev.telltale.embed.djl.TorchScriptModel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of model instances, one per concurrently served request: language models keep per-instance
 * scratch (one thread per instance), so the pool hands each request its own and bounds the CPU work in
 * flight. Instances are copies sharing the loaded weights or tables ({@link KneserNeyModel#copy},
 * {@link TorchScriptModel#copy}); a model of another kind is served by a pool of one.
 */
public final class ModelPool {
    private final LanguageModel prototype;
    private final BlockingQueue<LanguageModel> free;
    private final int size;

    private ModelPool(LanguageModel prototype, int size) {
        this.prototype = prototype;
        this.size = size;
        this.free = new ArrayBlockingQueue<>(size);
        free.add(prototype);
        for (int i = 1; i < size; i++) {
            free.add(copy(prototype));
        }
    }

    /**
     * @param size instances (concurrent requests); 1 for models that cannot be copied
     */
    public static ModelPool of(LanguageModel model, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, got " + size);
        }
        boolean copyable = model instanceof KneserNeyModel || model instanceof TorchScriptModel;
        return new ModelPool(model, copyable ? size : 1);
    }

    private static LanguageModel copy(LanguageModel m) {
        if (m instanceof KneserNeyModel k) {
            return k.copy();
        }
        return ((TorchScriptModel) m).copy();
    }

    /** Waits up to {@code timeoutMillis} for a free instance; null on timeout. */
    LanguageModel borrow(long timeoutMillis) throws InterruptedException {
        return free.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    void release(LanguageModel m) {
        free.add(m);
    }

    public int size() {
        return size;
    }

    public int vocabSize() {
        return prototype.vocabSize();
    }

    public String describe() {
        return prototype.describe();
    }
}
