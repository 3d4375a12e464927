#!/usr/bin/env python3
"""Test vectors for Telltale's HuggingFace-compatible modes: hf-kgw-lefthash, hf-kgw-selfhash, hf-synthid.

The green-list and g-value functions of transformers' ``WatermarkLogitsProcessor`` and
``SynthIDTextWatermarkLogitsProcessor`` are re-implemented here from their published definitions (written
for this project, not copied), on top of PyTorch's own CPU random number generator (``torch.Generator``,
``torch.randperm``, ``torch.randint``, ``torch.rand``). The Java port in
``watermark-core/.../internal/torch`` must reproduce every value in ``vectors/hf.json`` bit for bit.

Run with Debian's PyTorch (``apt-get install python3-torch``), from the repository root::

    /usr/bin/python3 testdata/scripts/hf_vectors.py

Definitions (transformers ``generation/logits_process.py``):

* KGW: ``greenlist_size = int(vocab_size * greenlist_ratio)``; the green list is
  ``randperm(vocab_size, generator)[:greenlist_size]`` after ``generator.manual_seed(seed % (2**64 - 1))``.
  lefthash: ``seed = hashing_key * input_seq[-1]`` (exact Python integers).
  selfhash: ``table = randperm(1_000_003)`` under ``manual_seed(hashing_key)``; for the window ``w`` = the
  last ``context_width`` ids including the candidate, ``seed = min(hashing_key * (table[w % T] + 1) *
  (table[w[-1] % T] + 1))`` in int64 arithmetic (wrapping); the processor tests the top 40 candidates by
  score and adds ``bias`` to those inside their own green list; lefthash adds ``bias`` to the whole list.
* SynthID: ``accumulate_hash(h, data)``: for each d, ``h = (h + d) * 6364136223846793005 + 1`` (int64,
  wrapping); a context hash ``c = acc(1, ctx)``, a per-layer key ``acc(acc(c, [token]), [keys[l]])`` and
  ``g = table[key % table_size]`` with ``table = randint(0, 2, (table_size,))`` under
  ``manual_seed(sampling_table_seed)``. The processor keeps a state: the context starts as ngram_len - 1
  zeros (the prompt is not used) and each later call appends the previous call's last input id; a
  context whose hash is among the last ``context_history_size`` context hashes (history initialised with
  zeros) leaves the scores unchanged; otherwise the scores become ``log`` of the tournament-updated
  softmax (``p <- p * (1 + g_l - sum(g_l * p))`` per layer), non-finite values set to float32's min.

Every printed value the research notes (shared/ANCHORS.md, section d) quote is asserted below.
"""
import json
import os
import random
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "hf.json")
TABLE_SIZE_KGW = 1_000_003
LCG_MUL = 6364136223846793005
DEFAULT_KEYS = [654, 400, 836, 123, 340, 443, 597, 160, 57, 29, 590, 639, 13, 715, 468, 990, 966, 226,
                324, 585, 118, 504, 421, 521, 129, 669, 732, 225, 90, 960]
M64 = 2 ** 64


def gen(seed):
    g = torch.Generator(device="cpu")
    g.manual_seed(seed)
    return g


def checksum(values):
    """sum((i + 1) * v) mod 2^64 over the sequence, as a decimal string (Java: wrapping long arithmetic)."""
    s = 0
    for i, v in enumerate(values):
        s = (s + (i + 1) * (int(v) % M64)) % M64
    return str(s)


def f32_bits(t):
    return [int(x) for x in t.contiguous().view(torch.int32).tolist()]


def as_floats(t):
    # float32 -> Python float is exact, and repr() round-trips, so Java's (float) Double.parseDouble is exact.
    return [float(x) for x in t.tolist()]


def summarize(seq, full_limit=64, prefix=32, suffix=8):
    seq = [int(x) for x in seq]
    d = {"n": len(seq), "checksum": checksum(seq)}
    if len(seq) <= full_limit:
        d["values"] = seq
    else:
        d["prefix"] = seq[:prefix]
        d["suffix"] = seq[-suffix:]
    return d


# ---------------------------------------------------------------------------------------------- KGW (HF)

_tables = {}


def kgw_table(hashing_key):
    if hashing_key not in _tables:
        _tables[hashing_key] = torch.randperm(TABLE_SIZE_KGW, generator=gen(hashing_key))
    return _tables[hashing_key]


def kgw_raw_seed(scheme, window, hashing_key, context_width):
    """The seed before ``% (2**64 - 1)``: a Python int (lefthash) or an int64 value (selfhash)."""
    w = torch.tensor(window, dtype=torch.int64)[-context_width:]
    if scheme == "selfhash":
        table = kgw_table(hashing_key)
        a = table[w % TABLE_SIZE_KGW] + 1
        b = table[w[-1] % TABLE_SIZE_KGW] + 1
        return (hashing_key * a * b).min().item()
    return hashing_key * w[-1].item()


def kgw_greenlist(vocab_size, ratio, seed):
    perm = torch.randperm(vocab_size, generator=gen(seed % (2 ** 64 - 1)))
    return perm[: int(vocab_size * ratio)]


def kgw_process(scheme, input_ids, scores, vocab_size, ratio, bias, hashing_key, context_width):
    """One sequence through the processor: returns the new scores (float32)."""
    if len(input_ids) < context_width:
        return scores.clone()
    out = scores.clone()
    if scheme == "selfhash":
        _, order = scores.sort(dim=-1, descending=True)
        green = []
        for i in range(40):
            c = order[i].item()
            seed = kgw_raw_seed(scheme, list(input_ids) + [c], hashing_key, context_width)
            if c in set(kgw_greenlist(vocab_size, ratio, seed).tolist()):
                green.append(c)
        idx = torch.tensor(green, dtype=torch.int64)
    else:
        idx = kgw_greenlist(vocab_size, ratio, kgw_raw_seed(scheme, input_ids, hashing_key, context_width))
    if idx.numel() > 0:
        out[idx] = out[idx] + bias
    return out


# ------------------------------------------------------------------------------------------ SynthID (HF)

def accumulate_hash(h, data):
    """h: int64 tensor; data: int64 tensor whose last dimension is hashed in order."""
    for i in range(data.shape[-1]):
        h = torch.add(h, data[..., i])
        h = torch.mul(h, LCG_MUL)
        h = torch.add(h, 1)
    return h


def synthid_table(seed, size):
    return torch.randint(low=0, high=2, size=(size,), generator=gen(seed))


def synthid_g(ngram, keys, table):
    """g-values of one n-gram (context then token) for every key."""
    h = accumulate_hash(torch.ones(1, dtype=torch.int64), torch.tensor([ngram], dtype=torch.int64))
    k = accumulate_hash(h.repeat(len(keys)), torch.tensor(keys, dtype=torch.int64)[:, None])
    return table[k % table.shape[0]], k


def synthid_sequence(ids, ngram_len, keys, table, history_size):
    """g-values of every n-gram of ids ([num_ngrams][depth]) and the not-repeated-context mask."""
    x = torch.tensor([ids], dtype=torch.int64)
    ngrams = x.unfold(dimension=1, size=ngram_len, step=1)[0]
    g = []
    for ng in ngrams.tolist():
        g.append([int(v) for v in synthid_g(ng, keys, table)[0].tolist()])
    contexts = x[:, :-1].unfold(dimension=1, size=ngram_len - 1, step=1)[0]
    history = torch.zeros(history_size, dtype=torch.int64)
    mask = []
    for c in contexts:
        ch = accumulate_hash(torch.ones(1, dtype=torch.int64), c[None, :])
        mask.append(not bool((history == ch).any()))
        history = torch.cat([ch, history])[:-1]
    return g, mask


class SynthIdProcessor:
    """The stateful processor for batch size 1, as HF runs it inside one generate() call."""

    def __init__(self, ngram_len, keys, table, history_size):
        self.ngram_len = ngram_len
        self.keys = torch.tensor(keys, dtype=torch.int64)
        self.table = table
        self.context = None
        self.history = torch.zeros(history_size, dtype=torch.int64)

    def __call__(self, input_ids, scores):
        vocab = scores.shape[0]
        if self.context is None:
            self.context = torch.zeros(self.ngram_len - 1, dtype=torch.int64)
        else:
            self.context = torch.cat([self.context, torch.tensor(input_ids[-1:], dtype=torch.int64)])[1:]
        ch = accumulate_hash(torch.ones(1, dtype=torch.int64), self.context[None, :])  # [1]
        tok = accumulate_hash(ch.repeat(vocab), torch.arange(vocab, dtype=torch.int64)[:, None])  # [V]
        keys = accumulate_hash(tok[:, None].repeat(1, len(self.keys)), self.keys[None, :, None].repeat(vocab, 1, 1))
        g = self.table[keys % self.table.shape[0]].to(scores.dtype)  # [V, depth]
        probs = torch.softmax(scores[None, :], dim=1)
        for i in range(g.shape[1]):
            gi = g[None, :, i]
            mass = (gi * probs).sum(axis=1, keepdims=True)
            probs = probs * (1 + gi - mass)
        logp = torch.log(probs)
        logp = torch.where(torch.isfinite(logp), logp, torch.finfo(logp.dtype).min)[0]
        repeated = bool((self.history == ch).any())
        self.history = torch.cat([ch, self.history])[:-1]
        return (scores.clone() if repeated else logp), repeated


# ------------------------------------------------------------------------------------------------- main

def main():
    rnd = random.Random(20260517)
    v = {
        "generator": "testdata/scripts/hf_vectors.py",
        "torch_version": torch.__version__,
        "notes": "64-bit values beyond the long range and checksums are decimal strings; checksum = "
                 "sum((i+1)*v) mod 2^64; floats are float32 values written as exact doubles.",
    }

    # --- MT19937: raw 32-bit outputs of init_genrand(seed & 0xffffffff) (numpy's legacy seeding), cross-
    # checked against torch.randint(0, 2**31), which is mt() % 2^31 on CPU.
    mts = []
    for seed in [0, 1, 5489, 15485863, 4294967295, 4294967296 + 5489]:
        raw = np.random.RandomState(seed & 0xFFFFFFFF)._bit_generator.random_raw(1004)
        t = torch.randint(0, 2 ** 31, (1004,), generator=gen(seed))
        assert [int(x) & 0x7FFFFFFF for x in raw] == t.tolist(), seed
        mts.append({"seed": str(seed), "first": [int(x) for x in raw[:8]], "at1000": [int(x) for x in raw[1000:1004]]})
    assert mts[2]["first"][0] == 3499211612  # the reference MT19937 output for seed 5489
    assert mts[2]["first"] == mts[5]["first"]  # only the low 32 bits of the seed matter
    v["mt19937"] = mts

    # --- randperm
    perms = []
    for seed, n in [(15485863 * 10, 20), (0, 1), (0, 2), (7, 64), (15485863, TABLE_SIZE_KGW),
                    (2971215073, TABLE_SIZE_KGW), (12345, 32000), (2 ** 32 + 12345, 32000), (42, 151669),
                    (42, 151936)]:
        p = torch.randperm(n, generator=gen(seed)).tolist()
        d = {"seed": str(seed), **summarize(p)}
        perms.append(d)
        if seed == 15485863 * 10:
            assert p == [15, 9, 4, 12, 1, 16, 10, 6, 11, 13, 2, 19, 7, 5, 3, 14, 18, 0, 8, 17], p
        if seed == 15485863:
            assert p[:8] == [138280, 994103, 467886, 915329, 149437, 806681, 915993, 784932], p[:8]
        if seed == 2971215073:
            assert p[:8] == [250534, 296009, 268311, 356494, 845733, 336025, 288590, 910463], p[:8]
    assert perms[6]["checksum"] == perms[7]["checksum"]
    v["randperm"] = perms

    # --- rand (float32)
    rands = []
    for seed, n in [(35319, 8), (0, 16), (123, 32000)]:
        t = torch.rand(n, generator=gen(seed))
        bits = f32_bits(t)
        d = {"seed": str(seed), "n": n, "bits_checksum": checksum([b & 0xFFFFFFFF for b in bits]),
             "prefix": as_floats(t[:16])}
        rands.append(d)
        if seed == 35319:
            expect = [0.18970084, 0.58606958, 0.93560427, 0.14918679, 0.18825763, 0.57578713, 0.24809325, 0.21631157]
            assert all(abs(a - b) < 5e-8 for a, b in zip(d["prefix"], expect)), d["prefix"]
    v["rand"] = rands

    # --- randint
    ints = []
    for seed, lo, hi, n in [(0, 0, 2, 65536), (7, 0, 10, 32), (7, -5, 5, 32), (9, 0, 1000003, 16), (11, 0, 2, 1000)]:
        t = torch.randint(lo, hi, (n,), generator=gen(seed)).tolist()
        ints.append({"seed": str(seed), "low": lo, "high": hi, **summarize(t), "sum": sum(t)})
    v["randint"] = ints

    # --- lefthash green lists
    left = []
    for key in [15485863, 6364136223846793005, 42]:
        for vocab in [20, 32000, 151669, 151936]:
            for ratio in [0.25, 0.5]:
                for prev in [0, 1, 10, 12345, vocab - 1]:
                    if prev >= vocab:
                        continue
                    raw = kgw_raw_seed("lefthash", [prev], key, 1)
                    green = kgw_greenlist(vocab, ratio, raw).tolist()
                    gs = set(green)
                    probes = sorted(set([green[0], green[-1], prev, 0, vocab - 1] + [rnd.randrange(vocab) for _ in range(6)]))
                    left.append({"hashing_key": str(key), "vocab_size": vocab, "greenlist_ratio": ratio, "prev": prev,
                                 "seed": str(raw % (2 ** 64 - 1)), "greenlist_size": len(green),
                                 "green": summarize(green), "probes": [[t, t in gs] for t in probes]})
                    if key == 15485863 and vocab == 32000 and ratio == 0.25 and prev == 1:
                        assert green[:10] == [958, 17083, 30553, 27350, 1329, 24091, 15003, 13468, 26903, 2862], green[:10]
                    if key == 15485863 and vocab == 20 and ratio == 0.25 and prev == 10:
                        assert green == [15, 9, 4, 12, 1] and 1 in gs
    v["lefthash"] = left

    # --- selfhash: table prefixes and green decisions of candidates
    v["selfhash_tables"] = []
    for key in [15485863, 6364136223846793005, 42]:
        t = kgw_table(key).tolist()
        v["selfhash_tables"].append({"hashing_key": str(key), **summarize(t)})
    selfc = []
    for key in [15485863, 6364136223846793005]:
        for vocab in [32000, 151669]:
            for ratio in [0.25, 0.5]:
                for cw in [1, 2, 4]:
                    for _ in range(6):
                        window = [rnd.randrange(vocab) for _ in range(cw)]
                        raw = kgw_raw_seed("selfhash", window, key, cw)
                        green = set(kgw_greenlist(vocab, ratio, raw).tolist())
                        selfc.append({"hashing_key": str(key), "vocab_size": vocab, "greenlist_ratio": ratio,
                                      "context_width": cw, "window": window, "raw_seed": str(raw),
                                      "seed": str(raw % (2 ** 64 - 1)), "candidate_green": window[-1] in green})
    assert any(c["candidate_green"] for c in selfc) and not all(c["candidate_green"] for c in selfc)
    assert any(int(c["raw_seed"]) < 0 for c in selfc)  # the int64 wrap and the floor-mod path are exercised
    v["selfhash"] = selfc

    # --- KGW processor: biased logits (exact float32)
    procs = []
    pcases = [("lefthash", 20, 0.25, 2.0, 15485863, 1, [3, 7, 10]),
              ("lefthash", 64, 0.25, 2.0, 15485863, 1, [5, 63]),
              ("lefthash", 64, 0.5, 0.1, 6364136223846793005, 1, [1, 2, 3, 40]),
              ("lefthash", 1000, 0.25, 1.5, 42, 3, [9, 8, 7, 999]),
              ("lefthash", 64, 0.25, 2.0, 15485863, 3, [5, 6]),
              ("selfhash", 64, 0.25, 2.0, 15485863, 1, [11]),
              ("selfhash", 64, 0.5, 2.5, 6364136223846793005, 1, [11, 12]),
              ("selfhash", 1000, 0.25, 2.0, 15485863, 3, [17, 400, 999]),
              ("selfhash", 1000, 0.5, 0.3, 6364136223846793005, 4, [1, 2, 3, 4, 5]),
              ("selfhash", 64, 0.25, 2.0, 15485863, 2, [])]
    for i, (scheme, vocab, ratio, bias, key, cw, ids) in enumerate(pcases):
        scores = torch.randn(vocab, generator=gen(1000 + i), dtype=torch.float32) * 3
        out = kgw_process(scheme, ids, scores, vocab, ratio, bias, key, cw)
        procs.append({"seeding_scheme": scheme, "vocab_size": vocab, "greenlist_ratio": ratio, "bias": bias,
                      "hashing_key": str(key), "context_width": cw, "input_ids": ids,
                      "scores": as_floats(scores), "output": as_floats(out)})
        if i == 0:
            assert out[1].item() == scores[1].item() + 2.0  # upstream test: token 1 is green after token 10
    v["kgw_processor"] = procs

    # --- SynthID: table, hashes, g-values, masks
    table0 = synthid_table(0, 65536)
    t0 = table0.tolist()
    assert t0[:32] == [0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0]
    v["synthid_tables"] = [{"seed": "0", "size": 65536, "ones": sum(t0), **summarize(t0, prefix=64)}]
    t42 = synthid_table(42, 1000).tolist()
    v["synthid_tables"].append({"seed": "42", "size": 1000, "ones": sum(t42), **summarize(t42, prefix=64)})
    t_big = synthid_table(2 ** 32 + 3, 4096).tolist()
    assert t_big == synthid_table(3, 4096).tolist()
    v["synthid_tables"].append({"seed": str(2 ** 32 + 3), "size": 4096, "ones": sum(t_big), **summarize(t_big, prefix=64)})

    acc = []
    h1234 = accumulate_hash(torch.ones(1, dtype=torch.int64), torch.tensor([[1, 2, 3, 4]]))
    assert h1234.item() == 8268566681299659399
    h5 = accumulate_hash(h1234, torch.tensor([[5]]))
    assert h5.item() == 908986556401970845
    h654 = accumulate_hash(h5, torch.tensor([[654]]))
    assert h654.item() == -5937484272499508848 and (h654 % 65536).item() == 47504 and t0[47504] == 0
    acc_inputs = [(1, [1, 2, 3, 4]), (8268566681299659399, [5]), (908986556401970845, [654]), (1, []), (0, [0]),
                  (-1, [151668, 151668]), (2 ** 63 - 1, [1]), (-2 ** 63, [7, 9]), (12345, [0, 0, 0, 0])]
    for _ in range(8):
        acc_inputs.append((rnd.randrange(-2 ** 63, 2 ** 63), [rnd.randrange(152000) for _ in range(rnd.randrange(1, 6))]))
    for h, data in acc_inputs:
        r = accumulate_hash(torch.tensor([h], dtype=torch.int64), torch.tensor([data], dtype=torch.int64).reshape(1, -1))
        acc.append({"h": str(h), "data": data, "result": str(r.item())})
    v["accumulate_hash"] = acc

    gv = []
    ngrams = [([1, 2, 3, 4, 5], DEFAULT_KEYS), ([0, 0, 0, 0, 0], DEFAULT_KEYS), ([151668, 3, 70000, 4, 5], DEFAULT_KEYS),
              ([20596, 3, 4464, 4, 5], DEFAULT_KEYS), ([7, 8, 9], DEFAULT_KEYS[:5]), ([2, 1], [1, 2, 3])]
    for _ in range(6):
        ngrams.append(([rnd.randrange(151669) for _ in range(5)], DEFAULT_KEYS))
    for ng, keys in ngrams:
        g, k = synthid_g(ng, keys, table0)
        gv.append({"ngram": ng, "keys": keys, "g": [int(x) for x in g.tolist()], "layer_keys": [str(x) for x in k.tolist()]})
    assert gv[0]["g"] == [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1]
    # 151668 = 20596 + 2 * 65536 and 70000 = 4464 + 65536 give the same g: with a 2^16 table only the low
    # 16 bits of every input matter.
    assert gv[2]["g"] == gv[3]["g"]
    v["synthid_g"] = gv

    seqs = []
    base = [rnd.randrange(151669) for _ in range(12)]
    ids = base + base[:7] + [rnd.randrange(151669) for _ in range(6)] + base[2:9] + [5, 5, 5, 5, 5, 5, 5, 5]
    for ngram_len, history in [(5, 1024), (5, 3), (3, 1024), (2, 2)]:
        g, mask = synthid_sequence(ids, ngram_len, DEFAULT_KEYS, table0, history)
        seqs.append({"ids": ids, "ngram_len": ngram_len, "keys": DEFAULT_KEYS, "context_history_size": history,
                     "g": g, "mask": mask})
    assert not all(seqs[0]["mask"]) and any(seqs[0]["mask"])
    v["synthid_sequences"] = seqs

    # --- SynthID processor over a generation (float32; compared with a tolerance: softmax/sum order)
    sp = []
    for case, (vocab, ngram_len, history, steps) in enumerate([(50, 5, 1024, 14), (50, 3, 2, 10), (40000, 5, 1024, 3)]):
        proc = SynthIdProcessor(ngram_len, DEFAULT_KEYS, table0, history)
        prompt = [3, 1, 4, 1, 5]
        seq = list(prompt)
        script = [7, 7, 7, 7, 7, 7, 7, 2, 9, 7, 7, 7, 7, 1]
        calls = []
        for s in range(steps):
            if vocab <= 64:
                scores = torch.randn(vocab, generator=gen(5000 + 100 * case + s), dtype=torch.float32) * 2
            else:  # reproducible in Java: float32 rand (MT19937) times 10
                scores = torch.rand(vocab, generator=gen(5000 + 100 * case + s)) * 10.0
            out, repeated = proc(seq, scores)
            rec = {"input_ids": list(seq), "repeated": repeated}
            if vocab <= 64:
                rec["scores"] = as_floats(scores)
                rec["output"] = as_floats(out)
            else:
                rec["scores_rand_seed"] = 5000 + 100 * case + s
                rec["scores_scale"] = 10.0
                rec["output_probe_ids"] = [0, 1, 2, 100, 39999]
                rec["output_probe"] = as_floats(out[[0, 1, 2, 100, 39999]])
                rec["output_sum_exp"] = float(torch.exp(out.double()).sum())
            calls.append(rec)
            seq.append(script[s % len(script)])
        sp.append({"vocab": vocab, "ngram_len": ngram_len, "keys": DEFAULT_KEYS, "context_history_size": history,
                   "sampling_table_seed": 0, "sampling_table_size": 65536, "calls": calls})
    assert any(c["repeated"] for c in sp[0]["calls"]) and not all(c["repeated"] for c in sp[0]["calls"])
    v["synthid_processor"] = sp

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(v, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
