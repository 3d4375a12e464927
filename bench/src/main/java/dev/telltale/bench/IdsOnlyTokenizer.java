package dev.telltale.bench;

import dev.telltale.core.TextTokenizer;

/**
 * A tokenizer that only identifies itself, so a {@code Detector} can be built for pre-tokenised ids
 * ({@code detectIds}) without loading a real tokenizer. It cannot encode or decode.
 */
final class IdsOnlyTokenizer implements TextTokenizer {
    private final int vocabSize;

    IdsOnlyTokenizer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    @Override
    public String id() {
        return BenchInputs.tokenizerRef(vocabSize).id();
    }

    @Override
    public String sha256() {
        return BenchInputs.TOKENIZER_SHA256;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public String implementation() {
        return "ids-only";
    }

    @Override
    public int[] encode(String text) {
        throw new UnsupportedOperationException("the benchmark tokenizer has no vocabulary; pass ids to detectIds");
    }

    @Override
    public String decode(int[] ids) {
        throw new UnsupportedOperationException("the benchmark tokenizer has no vocabulary");
    }

    @Override
    public void close() {}
}
