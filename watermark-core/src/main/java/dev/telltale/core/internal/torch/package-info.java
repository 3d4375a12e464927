/**
 * Bit-exact ports of the PyTorch CPU random functions and of the HuggingFace transformers watermark
 * functions they drive, for the flagged compatibility schemes {@code hf-kgw-lefthash},
 * {@code hf-kgw-selfhash} and {@code hf-synthid}.
 *
 * <p>Every function here is checked value for value against {@code testdata/vectors/hf.json}, which
 * {@code testdata/scripts/hf_vectors.py} computes with PyTorch itself (Debian {@code python3-torch}).
 * CUDA and XPU generators are different algorithms (Philox); only CPU-generated watermarks match.
 *
 * <pre>
 * [1] Matsumoto, Nishimura. Mersenne Twister: a 623-dimensionally equidistributed uniform pseudo-random
 *     number generator. ACM TOMACS 8(1), 1998 (init_genrand, genrand_int32).
 * [2] transformers, src/transformers/generation/logits_process.py: WatermarkLogitsProcessor,
 *     SynthIDTextWatermarkLogitsProcessor (Apache-2.0; re-implemented from the definitions).
 * [3] Dathathri et al. Scalable watermarking for identifying large language model outputs. Nature 634,
 *     818-823 (2024) (SynthID-Text tournament sampling).
 * </pre>
 */
package dev.telltale.core.internal.torch;
