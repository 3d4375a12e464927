#!/usr/bin/python3
"""Independent reference implementation of the account schemes' keyed functions
(kgw-accounts, kgw-account-keys), used to generate testdata/vectors/accounts.json.

Usage: account_vectors.py [output path]   (default: testdata/vectors/accounts.json
                                           next to this script's parent folder)

Python 3 standard library only. The tt1 pieces (HKDF, SipHash-2-4, mix, value,
green) are imported from tt1_vectors.py in this folder, whose self checks run
first. Everything below is written from docs/attribution.md ("PRF", "The code",
"The p-value"), not from the Java code:

  k_acc          = HKDF-SHA256(secret, "telltale", "telltale/v1/accounts/prf", 16)
  a              = SipHash-2-4_{k_acc}(LE64 window)
  slot(a, L)     = ((mix(a ^ 0xA0761D6478BD642F) >> 11) * L) >> 53
  seed(a, i, c)  = mix(a + (256 i + c + 1) * 0xD1B54A32D192ED03 mod 2^64)
  k_id           = LE64(HKDF-SHA256(secret, "telltale", "telltale/v1/account/<id>", 8))
  keyed seed     = a ^ k_id
  member(s, v)   = green_gamma(value(s, v))
  code           Reed-Solomon [L, K] over GF(2^m) (primitive polynomials x^4+x+1,
                 x^5+x^2+1, x^8+x^4+x^3+x^2+1), evaluation points x_j = j, systematic
                 on positions 0..K-1 (digits of the id base 2^m, least significant first)
  testAccount    T distinct (window, token) pairs at t >= h; per code position T_i and
                 M_i (pairs in the account's symbol list); p = max over sets J of at
                 most K-1 positions of P(Binomial(T - T_J, gamma) >= S - M_J), every
                 subset enumerated, tails exact in integers
  keyed test     S = pairs in the account's keyed list; p = P(Binomial(T, gamma) >= S)
"""

import itertools
import math
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tt1_vectors as tt1  # noqa: E402

MASK64 = (1 << 64) - 1
SLOT_TWEAK = 0xA0761D6478BD642F
SYMBOL_GAMMA = 0xD1B54A32D192ED03
PRIMITIVE = {4: 0x13, 5: 0x25, 8: 0x11D}
GAMMA_NUM, GAMMA_DEN = 1, 4  # gamma_a = 0.25
H = 2


# ---------------------------------------------------------------- PRF

def context_key(secret):
    return tt1.hkdf_sha256(secret, b"telltale", b"telltale/v1/accounts/prf", 16)


def slot(a, length):
    return ((tt1.mix(a ^ SLOT_TWEAK) >> 11) * length) >> 53


def symbol_seed(a, i, c):
    return tt1.mix((a + (256 * i + c + 1) * SYMBOL_GAMMA) & MASK64)


def account_key(secret, account):
    return struct.unpack("<Q", tt1.hkdf_sha256(secret, b"telltale", ("telltale/v1/account/%d" % account).encode(), 8))[0]


def member(seed, v):
    return tt1.is_green(tt1.value(seed, v), 0.25)


# ---------------------------------------------------------------- GF(2^m), Reed-Solomon

def gf_mul(a, b, m):
    r = 0
    while b:
        if b & 1:
            r ^= a
        b >>= 1
        a <<= 1
        if a & (1 << m):
            a ^= PRIMITIVE[m]
    return r


def gf_inv(a, m):
    for x in range(1, 1 << m):
        if gf_mul(a, x, m) == 1:
            return x
    raise ZeroDivisionError


def encode(account, m, length, k):
    digits = [(account >> (m * i)) & ((1 << m) - 1) for i in range(k)]
    points = list(range(k))
    word = []
    for j in range(length):
        c = 0
        for i in range(k):
            num, den = 1, 1
            for t in range(k):
                if t != i:
                    num = gf_mul(num, j ^ points[t], m)
                    den = gf_mul(den, points[i] ^ points[t], m)
            c ^= gf_mul(digits[i], gf_mul(num, gf_inv(den, m), m), m)
        word.append(c)
    return word


def self_check_code():
    # systematic, and distinct codewords agree in at most K - 1 positions (exhaustive on a small code)
    words = [encode(i, 4, 16, 2) for i in range(256)]
    for i, w in enumerate(words):
        if w[0] != i & 15 or w[1] != i >> 4:
            raise SystemExit("FAIL: code is not systematic")
    for x, y in itertools.combinations(words, 2):
        if sum(1 for p, q in zip(x, y) if p == q) > 1:
            raise SystemExit("FAIL: two codewords of RS[16, 2] agree in more than one position")


# ---------------------------------------------------------------- tails, scoring

def log10_tail(n, k):
    if k <= 0:
        return 0.0
    if k > n:
        return float("-inf")
    q = GAMMA_DEN - GAMMA_NUM
    total = sum(math.comb(n, j) * GAMMA_NUM ** j * q ** (n - j) for j in range(k, n + 1))
    return math.log10(total) - n * math.log10(GAMMA_DEN)


def scored_pairs(ids):
    seen = set()
    out = []
    for t in range(H, len(ids)):
        pair = tuple(ids[t - H:t + 1])
        if pair not in seen:
            seen.add(pair)
            out.append(t)
    return out


def code_test(secret, ids, account, m, length, k):
    kacc = context_key(secret)
    word = encode(account, m, length, k)
    tokens = [0] * length
    matches = [0] * length
    for t in scored_pairs(ids):
        a = tt1.seed(kacc, ids[t - H:t])
        i = slot(a, length)
        tokens[i] += 1
        matches[i] += 1 if member(symbol_seed(a, i, word[i]), ids[t]) else 0
    total, s = sum(tokens), sum(matches)
    busy = [i for i in range(length) if tokens[i] > 0]
    worst = float("-inf")
    for size in range(0, k):
        for subset in itertools.combinations(busy, size):
            worst = max(worst, log10_tail(total - sum(tokens[i] for i in subset), s - sum(matches[i] for i in subset)))
    return {"tokens_scored": total, "slot_tokens": tokens, "slot_matches": matches, "matches": s, "log10_p": worst}


def keyed_test(secret, ids, account):
    kacc = context_key(secret)
    kid = account_key(secret, account)
    pairs = scored_pairs(ids)
    s = sum(1 for t in pairs if member(tt1.seed(kacc, ids[t - H:t]) ^ kid, ids[t]))
    return {"tokens_scored": len(pairs), "matches": s, "log10_p": log10_tail(len(pairs), s)}


def marked_sequence(rng, list_seed_of, length, vocab=151669):
    """A toy 'watermarked' sequence: at each step the first of 6 random candidates in the list (else the first),
    with repeated stretches so that deduplication matters."""
    ids = [rng.randrange(vocab) for _ in range(H)]
    while len(ids) < length:
        if len(ids) > 40 and rng.random() < 0.05:
            start = rng.randrange(len(ids) - 10)
            ids.extend(ids[start:start + 6])  # a repeated passage
            continue
        seed = list_seed_of(ids[-H:])
        cands = [rng.randrange(vocab) for _ in range(6)]
        ids.append(next((c for c in cands if member(seed, c)), cands[0]))
    return ids[:length]


# ---------------------------------------------------------------- document

def build():
    rng = random.Random(20260115)
    secrets = [bytes(range(32)), bytes([0xA5] * 32), bytes(rng.randrange(256) for _ in range(32))]
    codes = []
    for m, length, k, ids in ((5, 32, 4, [0, 1, 31, 32, 123456, 999999, (1 << 20) - 1]), (4, 16, 3, [0, 7, 4095]),
                              (8, 40, 3, [0, 255, 16777215])):
        codes.append({"symbol_bits": m, "code_length": length, "message_symbols": k,
                      "words": [{"id": i, "codeword": encode(i, m, length, k)} for i in ids]})
    cases = []
    for secret in secrets:
        kacc = context_key(secret)
        windows = []
        for window in ([0, 0], [791, 3363], [151668, 5], [12, 34]):
            a = tt1.seed(kacc, window)
            i = slot(a, 32)
            windows.append({"window": window, "a": "%016x" % a, "slot_32": i, "slot_16": slot(a, 16),
                            "symbol_seeds": ["%016x" % symbol_seed(a, i, c) for c in range(4)],
                            "members": [member(symbol_seed(a, i, c), v) for c in range(4) for v in (0, 1, 151668)]})
        keys = [{"id": i, "key": "%016x" % account_key(secret, i)} for i in (0, 1, 12345, 999999)]
        account = rng.randrange(1_000_000)
        word = encode(account, 5, 32, 4)

        def code_seed(window, kacc=kacc, word=word):
            a = tt1.seed(kacc, window)
            i = slot(a, 32)
            return symbol_seed(a, i, word[i])

        ids = marked_sequence(rng, code_seed, 160)
        neighbour = account ^ (1 << 15) if account ^ (1 << 15) < 1_000_000 else account ^ (2 << 15)
        keyed_account = rng.randrange(1000)
        kid = account_key(secret, keyed_account)
        keyed_ids = marked_sequence(rng, lambda w, kacc=kacc, kid=kid: tt1.seed(kacc, w) ^ kid, 120)
        cases.append({
            "secret_hex": secret.hex(),
            "context_key_hex": kacc.hex(),
            "windows": windows,
            "account_keys": keys,
            "code_trace": {"ids": ids, "account": account, "result": code_test(secret, ids, account, 5, 32, 4),
                           "neighbour": neighbour, "neighbour_result": code_test(secret, ids, neighbour, 5, 32, 4)},
            "keyed_trace": {"ids": keyed_ids, "account": keyed_account, "result": keyed_test(secret, keyed_ids, keyed_account)},
        })
    return {"generator": "testdata/scripts/account_vectors.py",
            "code_scheme": {"id": "kgw-accounts", "gamma": 0.25, "delta": 2.0, "context_width": 2, "account_gamma": 0.25,
                            "account_delta": 2.0, "accounts": 1000000, "symbol_bits": 5, "code_length": 32},
            "keys_scheme": {"id": "kgw-account-keys", "gamma": 0.25, "delta": 2.0, "context_width": 2, "account_gamma": 0.25,
                            "account_delta": 2.0, "accounts": 1000},
            "codes": codes, "cases": cases}


def render(doc):
    import json
    return json.dumps(doc, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv):
    tt1.self_check()
    self_check_code()
    code, _, out_path, size = tt1.write_json(argv, "accounts.json", build, render)
    if code:
        return code
    print("self checks passed; wrote %s (%d bytes)" % (out_path, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
