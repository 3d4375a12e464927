#!/usr/bin/python3
"""Independent reference implementation of the native schemes built on the
tt1 PRF (unigram, kgw-selfhash, gumbel, synthid), used to generate the test
vectors in testdata/vectors/schemes.json.

Usage: scheme_vectors.py [output path]   (default: testdata/vectors/schemes.json
                                          next to this script's parent folder)

Python 3 standard library only. The tt1 functions (HKDF, SipHash-2-4, seed,
value, uniform, green) are imported from tt1_vectors.py in this folder, whose
self checks run first. Everything below is written from the definitions in
docs/architecture.md ("Schemes"), not from the Java code:

  s0           = seed(k, [])                          the seed of the empty window
  unigram      green(v) = green_gamma(value(s0, v)); T = distinct tokens
  kgw-selfhash H(x) = value(s0, x); m = unsigned min of H over x[t-h..t-1];
               seed_v = min(m, H(v)); green(v) = green_gamma(value(seed_v, v));
               T = distinct (seed_v, token) pairs at positions t >= h
  gumbel       r_v = uniform(value(seed(window), v)); token = argmax_v
               log(r_v) / p_v; score = -log1p(-r); T = distinct (window,
               token) tuples at t >= h; p = Q(T, S) (Gamma(T, 1) upper tail)
  synthid      g_l(v) = bit l of value(seed(window), v), l = 0..m-1;
               tournament p_{l+1}(v) = p_l(v) (1 + g_l(v) - sum_w p_l(w) g_l(w)),
               layer 0 first; T = positions t >= h whose window did not occur
               earlier in the text; score = total of g-values; p =
               P(Binomial(T m, 1/2) >= S)

Binomial tails are computed exactly with integers; the Gamma tail for integer
shape T uses Q(T, x) = exp(-x) sum_{k<T} x^k / k! in log space.
"""

import json
import math
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tt1_vectors as tt1  # noqa: E402

MASK64 = (1 << 64) - 1

SECRETS = [
    bytes(range(32)),
    bytes.fromhex("4b4f4d1dc90684905c0c2b8f026488eb450c4787f9ab1e76c2d60522116fe360"),
    bytes([0xA5] * 32),
]

TOKENS = [0, 1, 2, 11, 100, 12345, 151642, 151668]

WINDOWS_3 = [[0, 1, 2], [9707, 11, 1879], [151668, 151642, 0], [5, 5, 5]]
WINDOWS_4 = [[0, 1, 2, 3], [9707, 11, 1879, 374], [151668, 151642, 0, 7], [5, 5, 5, 5]]

GAMMA = 0.25  # exactly 1/4
SELFHASH_H = 3
GUMBEL_H = 4
SYNTHID_H = 4
SYNTHID_M = 30


# ---------------------------------------------------------------- tails

def log10_binomial_upper_exact(n, k, num, den):
    """log10 P(Binomial(n, num/den) >= k), exactly (integers), then one log."""
    if k <= 0:
        return 0.0
    if k > n:
        return float("-inf")
    q = den - num
    total = 0
    for j in range(k, n + 1):
        total += math.comb(n, j) * num ** j * q ** (n - j)
    return math.log10(total) - n * math.log10(den)


def log10_gamma_upper_integer_shape(t, x):
    """log10 Q(t, x) for integer t >= 1: exp(-x) * sum_{k<t} x^k / k!."""
    if x <= 0:
        return 0.0
    logs = [k * math.log(x) - math.lgamma(k + 1) for k in range(t)]
    top = max(logs)
    s = math.fsum(math.exp(v - top) for v in logs)
    return (-x + top + math.log(s)) / math.log(10)


# ---------------------------------------------------------------- schemes

def s0_of(k):
    return tt1.seed(k, [])


def selfhash_seed(k, window, v):
    s0 = s0_of(k)
    m = MASK64
    for x in window:
        m = min(m, tt1.value(s0, x))
    return min(m, tt1.value(s0, v))


def gumbel_choice(k, window, weights):
    s = tt1.seed(k, window)
    total = math.fsum(weights)
    best, best_val = -1, None
    for v, w in enumerate(weights):
        if w <= 0:
            continue
        p = w / total
        val = math.log(tt1.uniform(tt1.value(s, v))) / p
        if best_val is None or val > best_val:
            best, best_val = v, val
    return best


def synthid_tournament(k, window, weights, m):
    s = tt1.seed(k, window)
    total = math.fsum(weights)
    p = [w / total for w in weights]
    u = [tt1.value(s, v) for v in range(len(weights))]
    for layer in range(m):
        g = [(x >> layer) & 1 for x in u]
        mean = math.fsum(pi * gi for pi, gi in zip(p, g)) / math.fsum(p)
        p = [pi * (1 + gi - mean) for pi, gi in zip(p, g)]
    z = math.fsum(p)
    return [pi / z for pi in p]


def detect_unigram(k, ids):
    s0 = s0_of(k)
    seen = set()
    score = 0
    for x in ids:
        if x in seen:
            continue
        seen.add(x)
        score += 1 if tt1.is_green(tt1.value(s0, x), GAMMA) else 0
    t = len(seen)
    return t, score, log10_binomial_upper_exact(t, score, 1, 4)


def detect_selfhash(k, ids, h):
    seen = set()
    score = 0
    for t in range(h, len(ids)):
        sd = selfhash_seed(k, ids[t - h:t], ids[t])
        if (sd, ids[t]) in seen:
            continue
        seen.add((sd, ids[t]))
        score += 1 if tt1.is_green(tt1.value(sd, ids[t]), GAMMA) else 0
    n = len(seen)
    return n, score, log10_binomial_upper_exact(n, score, 1, 4)


def detect_gumbel(k, ids, h):
    seen = set()
    score = 0.0
    for t in range(h, len(ids)):
        key = tuple(ids[t - h:t + 1])
        if key in seen:
            continue
        seen.add(key)
        r = tt1.uniform(tt1.value(tt1.seed(k, ids[t - h:t]), ids[t]))
        score += -math.log1p(-r)
    n = len(seen)
    return n, score, (log10_gamma_upper_integer_shape(n, score) if n > 0 else 0.0)


def detect_synthid(k, ids, h, m):
    seen = set()
    score = 0
    for t in range(h, len(ids)):
        w = tuple(ids[t - h:t])
        if w in seen:
            continue
        seen.add(w)
        u = tt1.value(tt1.seed(k, list(w)), ids[t])
        score += bin(u & ((1 << m) - 1)).count("1")
    n = len(seen)
    return n, score, log10_binomial_upper_exact(n * m, score, 1, 2)


# ---------------------------------------------------------------- inputs

def lcg_ids(state, count, alphabet):
    """Deterministic token sequences with many repeats: a 64-bit LCG
    (Knuth's MMIX constants) picking from a small alphabet."""
    out = []
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK64
        out.append(alphabet[(state >> 33) % len(alphabet)])
    return out


def lcg_weights(state, count, zeros):
    out = []
    for i in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK64
        w = ((state >> 11) + 1) * 2.0 ** -53
        out.append(0.0 if i % zeros == zeros - 1 else w * w)
    return out


SEQUENCES = [
    lcg_ids(1, 80, [5, 9, 100, 7, 151668, 11, 12345]),
    lcg_ids(2, 120, [0, 1, 2, 3]),
    lcg_ids(3, 200, list(range(1000, 1060))),
]


# ---------------------------------------------------------------- build

def hex64(x):
    return "%016x" % x


def build():
    cases = []
    for secret in SECRETS:
        k = tt1.prf_key(secret)
        s0 = s0_of(k)
        case = {"secret_hex": secret.hex(), "s0": hex64(s0)}
        case["unigram"] = {
            "gamma": GAMMA,
            "green": [{"token": v, "u": hex64(tt1.value(s0, v)),
                       "green": tt1.is_green(tt1.value(s0, v), GAMMA)} for v in TOKENS],
            "detect": [dict(zip(("tokens_scored", "score", "log10_p"), detect_unigram(k, ids)),
                            ids=ids) for ids in SEQUENCES],
        }
        sh = []
        for w in WINDOWS_3:
            for v in TOKENS:
                sd = selfhash_seed(k, w, v)
                sh.append({"window": w, "token": v, "anchor": hex64(tt1.value(s0, v)),
                           "seed": hex64(sd), "u": hex64(tt1.value(sd, v)),
                           "green": tt1.is_green(tt1.value(sd, v), GAMMA)})
        case["kgw_selfhash"] = {
            "gamma": GAMMA, "context_width": SELFHASH_H, "green": sh,
            "detect": [dict(zip(("tokens_scored", "score", "log10_p"), detect_selfhash(k, ids, SELFHASH_H)),
                            ids=ids) for ids in SEQUENCES],
        }
        gv = []
        for w in WINDOWS_4:
            s = tt1.seed(k, w)
            for v in TOKENS:
                r = tt1.uniform(tt1.value(s, v))
                gv.append({"window": w, "token": v, "r": r, "score": -math.log1p(-r)})
        choices = []
        for i, w in enumerate(WINDOWS_4):
            weights = lcg_weights(100 + i, 16, 5)
            choices.append({"window": w, "weights": weights, "token": gumbel_choice(k, w, weights)})
        case["gumbel"] = {
            "context_width": GUMBEL_H, "values": gv, "choices": choices,
            "detect": [dict(zip(("tokens_scored", "score", "log10_p"), detect_gumbel(k, ids, GUMBEL_H)),
                            ids=ids) for ids in SEQUENCES],
        }
        gs = []
        for w in WINDOWS_4:
            s = tt1.seed(k, w)
            for v in TOKENS:
                u = tt1.value(s, v)
                gs.append({"window": w, "token": v, "u": hex64(u),
                           "g": [(u >> l) & 1 for l in range(SYNTHID_M)]})
        tournaments = []
        for i, (w, size, zeros) in enumerate([(WINDOWS_4[0], 12, 4), (WINDOWS_4[1], 12, 100),
                                              (WINDOWS_4[2], 700, 7)]):
            weights = lcg_weights(200 + i, size, zeros)
            tournaments.append({"window": w, "layers": SYNTHID_M, "weights": weights,
                                "output": synthid_tournament(k, w, weights, SYNTHID_M)})
        case["synthid"] = {
            "layers": SYNTHID_M, "context_width": SYNTHID_H, "g_values": gs, "tournaments": tournaments,
            "detect": [dict(zip(("tokens_scored", "score", "log10_p"),
                                detect_synthid(k, ids, SYNTHID_H, SYNTHID_M)), ids=ids) for ids in SEQUENCES],
        }
        cases.append(case)
    return {"prf": "tt1", "generator": "testdata/scripts/scheme_vectors.py", "cases": cases}


def self_check():
    tt1.self_check()
    # Tails: Binomial(4, 1/2) >= 3 is 5/16; Q(1, x) = exp(-x); Q(3, 2) = 5 exp(-2).
    if abs(10 ** log10_binomial_upper_exact(4, 3, 1, 2) - 5 / 16) > 1e-15:
        raise SystemExit("FAIL: binomial tail")
    if abs(log10_gamma_upper_integer_shape(1, 2.5) - (-2.5 / math.log(10))) > 1e-15:
        raise SystemExit("FAIL: gamma tail, shape 1")
    if abs(10 ** log10_gamma_upper_integer_shape(3, 2.0) - 5 * math.exp(-2)) > 1e-15:
        raise SystemExit("FAIL: gamma tail, shape 3")
    # Tournament identity against brute force: 2 layers, 3 tokens, all leaf pairs.
    p0 = [0.5, 0.3, 0.2]
    g = [[1, 0, 1], [0, 1, 1]]
    def win_dist(p, layer):
        out = [0.0] * len(p)
        for a, pa in enumerate(p):
            for b, pb in enumerate(p):
                if g[layer][a] > g[layer][b]:
                    out[a] += pa * pb
                elif g[layer][a] < g[layer][b]:
                    out[b] += pa * pb
                else:
                    out[a] += pa * pb / 2
                    out[b] += pa * pb / 2
        return out
    brute = win_dist(win_dist(p0, 0), 1)
    p = p0
    for layer in range(2):
        mean = sum(pi * gi for pi, gi in zip(p, g[layer]))
        p = [pi * (1 + gi - mean) for pi, gi in zip(p, g[layer])]
    if max(abs(a - b) for a, b in zip(brute, p)) > 1e-15:
        raise SystemExit("FAIL: tournament closed form differs from the enumeration")


def _one(obj):
    return json.dumps(obj, separators=(",", ":"))


def render(doc):
    lines = ["{", '"prf":%s,' % _one(doc["prf"]), '"generator":%s,' % _one(doc["generator"]), '"cases":[']
    for ci, case in enumerate(doc["cases"]):
        lines.append("{")
        lines.append('"secret_hex":%s,' % _one(case["secret_hex"]))
        lines.append('"s0":%s,' % _one(case["s0"]))
        names = ("unigram", "kgw_selfhash", "gumbel", "synthid")
        for ni, name in enumerate(names):
            lines.append('"%s":{' % name)
            items = list(case[name].items())
            for ii, (field, val) in enumerate(items):
                end = "," if ii + 1 < len(items) else ""
                if isinstance(val, list):
                    lines.append('"%s":[' % field)
                    for vi, item in enumerate(val):
                        lines.append(_one(item) + ("," if vi + 1 < len(val) else ""))
                    lines.append("]" + end)
                else:
                    lines.append('"%s":%s%s' % (field, _one(val), end))
            lines.append("}" + ("," if ni + 1 < len(names) else ""))
        lines.append("}," if ci + 1 < len(doc["cases"]) else "}")
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv):
    self_check()
    code, _, out_path, size = tt1.write_json(argv, "schemes.json", build, render)
    if code:
        return code
    print("self checks passed; wrote %s (%d bytes)" % (out_path, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
