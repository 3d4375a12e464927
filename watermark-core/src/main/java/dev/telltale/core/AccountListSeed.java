package dev.telltale.core;

/**
 * One account's list rule: maps the account component's context seed {@code a} (see
 * {@link AccountPrf#contextSeed}) to the seed of the account list at that context; token v is in the list
 * iff {@code green_γa(u(listSeed(a), v))} (tt1's u and green test). Allocation-free and thread-safe.
 */
@FunctionalInterface
public interface AccountListSeed {
    long listSeed(long contextSeed);
}
