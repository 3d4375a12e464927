package dev.telltale.corpus.eval;

/**
 * One stated bound of the evaluation and whether this run met it.
 *
 * @param name   what is bounded ("calibration kgw alpha=1e-3")
 * @param passed whether the measured value is within the bound
 * @param detail measured value and bound, one line
 */
public record Check(String name, boolean passed, String detail) {}
