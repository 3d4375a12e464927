#!/usr/bin/env python3
"""Makes Telltale's test TorchScript causal LM and the reference logits the Java adapter must reproduce.

Outputs (paths relative to the repository root):

* ``testdata/models/brown-qwen3-tiny/model.pt``: a TorchScript module (``torch.jit.script``) of a small
  decoder-only transformer over the Qwen3 vocabulary (V = 151,669), trained briefly on the Brown corpus.
* ``testdata/models/brown-qwen3-tiny/model.json``: its description (the contract below).
* ``testdata/vectors/torchscript_lm.json``: logits PyTorch computes with the saved module for fixed contexts.

Run with Debian's PyTorch (``apt-get install python3-torch``), from the repository root::

    ./telltale --help >/dev/null      # builds cli/target/telltale.jar if needed
    java -cp cli/target/telltale.jar testdata/scripts/ExportTokenIds.java qwen3 /tmp/brown-qwen3.ids
    /usr/bin/python3 testdata/scripts/make_torchscript_lm.py /tmp/brown-qwen3.ids

Debian's torch calls the system BLAS (``libblas.so.3``); the reference BLAS makes training several times
slower. The committed files were made with OpenBLAS unpacked beside it, not installed (about 20 minutes of one
core)::

    apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb /tmp/openblas
    LD_LIBRARY_PATH=/tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 testdata/scripts/make_torchscript_lm.py /tmp/brown-qwen3.ids

The id file holds the Brown corpus tokenised by Telltale's own Qwen3 tokenizer (PyPI, hence the
``tokenizers`` package, is not reachable here). Everything is seeded and runs on one CPU thread, so a
re-run with the same PyTorch and BLAS builds writes byte-identical files (``model.json`` records both; the
script re-executes itself with ``PYTHONHASHSEED=0`` because TorchScript writes some generated code in set order).

Model file contract (``telltale-torchscript-lm/v1``, what ``dev.telltale.embed.djl.TorchScriptModel`` loads):

* ``forward(ids)``: ``ids`` int64 ``[1, T]`` with 1 <= T <= ``context_length``, every id in [0, V);
  returns float32 logits ``[1, V]`` for the position after the last id (``"output": "last"``) or
  ``[1, T, V]`` for every position (``"output": "all"``; the adapter reads the last row).
* The caller feeds ``([bos_id] + context)[-context_length:]``: the BOS id first when the model has one, then
  the most recent ids that fit.

The model (written for this file): ids are first mapped to an internal vocabulary, the K Qwen3 ids that
occur at least ``MIN_COUNT`` times in Brown plus BOS (``<|endoftext|>``, 151643), and index 0 = UNK for every
other id. Token and position embeddings (d = 48), 2 pre-norm blocks (4 heads of 12, causal softmax
attention, GELU MLP of 192), a final layer norm, and the output tied to the token embedding. The K + 1
internal logits z are spread to the full vocabulary: ``out[kept[i]] = z[i + 1]`` and every other id gets
``z[0] - log(V - K)``, i.e. UNK's probability shared evenly, so every token has a finite logit and the
result is a proper distribution over all V ids. Keeping the vocabulary to ids seen in Brown keeps the
file near 5 MB.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import struct
import sys
import time
import zlib

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
NAME = "brown-qwen3-tiny"
MODEL_DIR = os.path.join(ROOT, "testdata", "models", NAME)
VECTORS = os.path.join(ROOT, "testdata", "vectors", "torchscript_lm.json")
TOKENIZER_JSON = os.path.join(ROOT, "testdata", "tokenizers", "qwen3", "tokenizer.json")

SEED = 20240611
BOS = 151643          # Qwen3 <|endoftext|>
MIN_COUNT = 3         # ids seen fewer times in Brown map to UNK
D_MODEL = 48
HEADS = 4
LAYERS = 2
CONTEXT = 64
BATCH = 32
STEPS = 2000
LR = 3e-3
HELD_OUT_DOCS = 10    # the last documents (cr..): validation loss only
TOP = 50              # reference: top-TOP logits per checked position
STRIDE = 757          # reference: logits at ids 0, STRIDE, 2*STRIDE, ...


class Block(nn.Module):
    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.up = nn.Linear(d, 4 * d)
        self.down = nn.Linear(4 * d, d)

    def forward(self, h: Tensor) -> Tensor:
        # h [B, T, d]
        b, t, d = h.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.ln1(h)).split(d, dim=2)                 # 3 x [B, T, d]
        q = q.view(b, t, self.heads, hd).transpose(1, 2)                # [B, H, T, hd]
        k = k.view(b, t, self.heads, hd).transpose(1, 2)
        v = v.view(b, t, self.heads, hd).transpose(1, 2)
        att = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(hd)        # [B, H, T, T]
        causal = torch.ones(t, t, dtype=torch.bool, device=h.device).triu(1)
        att = att.masked_fill(causal, float("-inf")).softmax(dim=-1)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, t, d)       # [B, T, d]
        h = h + self.proj(y)
        return h + self.down(F.gelu(self.up(self.ln2(h))))


class TinyLM(nn.Module):
    def __init__(self, kept: Tensor, vocab_size: int):
        super().__init__()
        self.vocab_size = vocab_size
        self.kept_count = int(kept.numel())
        self.register_buffer("kept", kept)                              # [K] int64, ascending
        self.log_unk_share = math.log(vocab_size - self.kept_count)
        self.tok = nn.Embedding(self.kept_count + 1, D_MODEL)           # row 0 = UNK
        self.pos = nn.Embedding(CONTEXT, D_MODEL)
        self.blocks = nn.ModuleList([Block(D_MODEL, HEADS) for _ in range(LAYERS)])
        self.norm = nn.LayerNorm(D_MODEL)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def internal(self, ids: Tensor) -> Tensor:
        """[B, T] Qwen3 ids -> [B, T] internal ids (0 = UNK)."""
        idx = torch.searchsorted(self.kept, ids).clamp(max=self.kept_count - 1)
        return torch.where(self.kept[idx] == ids, idx + 1, torch.zeros_like(idx))

    def hidden(self, x: Tensor) -> Tensor:
        """[B, T] internal ids -> [B, T, d]."""
        t = x.shape[1]
        h = self.tok(x) + self.pos(torch.arange(t, device=x.device)).unsqueeze(0)
        for block in self.blocks:
            h = block(h)
        return self.norm(h)

    def internal_logits(self, x: Tensor) -> Tensor:
        """[B, T] internal ids -> [B, T, K + 1] logits over the internal vocabulary (training)."""
        return torch.matmul(self.hidden(x), self.tok.weight.t())

    def forward(self, ids: Tensor) -> Tensor:
        """[1, T] int64 Qwen3 ids -> [1, V] float32 logits of the next token."""
        z = torch.matmul(self.hidden(self.internal(ids))[:, -1], self.tok.weight.t())   # [B, K + 1]
        out = (z[:, :1] - self.log_unk_share).expand(z.shape[0], self.vocab_size).contiguous()
        return out.index_copy(1, self.kept, z[:, 1:])


def read_ids(path):
    raw = np.fromfile(path, dtype="<i4")
    magic, vocab, ndocs = (int(v) for v in raw[:3])
    if magic != 0x54544944:
        sys.exit("%s is not an ExportTokenIds file" % path)
    docs, i = [], 3
    for _ in range(ndocs):
        n = int(raw[i])
        docs.append(raw[i + 1:i + 1 + n].astype(np.int64))
        i += 1 + n
    if i != raw.size:
        sys.exit("%s: trailing data" % path)
    return vocab, docs


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def train(model, stream, held_out, steps, log):
    """Next-token cross-entropy over the internal vocabulary on random windows of the stream."""
    gen = torch.Generator().manual_seed(SEED + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=steps, pct_start=0.1)
    stats = {}
    t0 = time.time()
    for step in range(steps):
        starts = torch.randint(0, stream.numel() - CONTEXT - 1, (BATCH,), generator=gen)
        win = torch.stack([stream[s:s + CONTEXT + 1] for s in starts.tolist()])   # [B, T + 1]
        logits = model.internal_logits(win[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), win[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            log("step %4d  train loss %.3f  (%.0f s)" % (step, loss.item(), time.time() - t0))
    with torch.no_grad():
        n = (held_out.numel() - 1) // CONTEXT
        x = held_out[:n * CONTEXT].view(n, CONTEXT)
        y = held_out[1:n * CONTEXT + 1].view(n, CONTEXT)
        total = 0.0
        for i in range(0, n, BATCH):
            logits = model.internal_logits(x[i:i + BATCH])
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[i:i + BATCH].reshape(-1), reduction="sum").item()
        val = total / (n * CONTEXT)
    stats["final_train_loss"] = round(loss.item(), 4)
    stats["held_out_loss"] = round(val, 4)
    stats["held_out_tokens"] = int(n * CONTEXT)
    log("held-out loss %.3f (perplexity %.0f over the internal vocabulary) on %d tokens" % (val, math.exp(val), n * CONTEXT))
    return stats


def model_input(context):
    """The adapter's contract: ([BOS] + context)[-CONTEXT:]."""
    seq = [BOS] + list(context)
    return seq[-CONTEXT:]


def f32(t):
    """float32 values as the shortest decimals that read back to the same float32 (9 significant digits)."""
    return [float("%.9g" % v) for v in t.tolist()]


def blas_in_use():
    """Which BLAS this process loaded (recorded: results differ slightly between BLAS builds)."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower()}
    return sorted(os.path.basename(p) for p in libs if p.startswith("/"))


def reference(module, contexts, vocab, full_at):
    """For each named context and each checked prefix length: top logits, strided logits, checksums."""
    out = []
    for name, ctx, lengths in contexts:
        positions = []
        for n in lengths:
            with torch.no_grad():
                x = torch.tensor([model_input(ctx[:n])], dtype=torch.int64)
                y = module(x)[0]                                          # [V] float32
            assert y.dtype == torch.float32 and y.shape == (vocab,)
            vals, idx = torch.topk(y, TOP)
            stride_ids = list(range(0, vocab, STRIDE))
            pos = {
                "length": n,
                "top_ids": idx.tolist(),
                "top_logits": f32(vals),
                "stride_logits": f32(y[stride_ids]),
                "sum": float(y.double().sum()),
            }
            if (name, n) in full_at:
                raw = y.numpy().astype("<f4").tobytes()
                pos["full_logits_f32le_zlib_base64"] = base64.b64encode(zlib.compress(raw, 9)).decode()
            positions.append(pos)
        out.append({"name": name, "context": [int(v) for v in ctx], "positions": positions})
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ids", help="Brown token ids written by ExportTokenIds.java (qwen3)")
    ap.add_argument("--out-model", default=MODEL_DIR)
    ap.add_argument("--out-vectors", default=VECTORS)
    ap.add_argument("--steps", type=int, default=STEPS, help="training steps (default %(default)s; fewer for a smoke run)")
    args = ap.parse_args(argv[1:])

    def log(s):
        sys.stderr.write(s + "\n")
        sys.stderr.flush()

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    vocab, docs = read_ids(args.ids)
    tokenizer_sha = sha256_file(TOKENIZER_JSON)
    train_docs, held_docs = docs[:-HELD_OUT_DOCS], docs[-HELD_OUT_DOCS:]
    counts = np.bincount(np.concatenate(train_docs), minlength=vocab)
    kept_np = np.flatnonzero(counts >= MIN_COUNT)
    kept_np = np.union1d(kept_np, [BOS]).astype(np.int64)
    kept = torch.from_numpy(kept_np)
    log("vocabulary %d, %d training documents, %d tokens; kept ids %d (count >= %d, plus BOS)"
        % (vocab, len(train_docs), int(sum(d.size for d in train_docs)), kept.numel(), MIN_COUNT))

    model = TinyLM(kept, vocab)

    def stream_of(ds):
        return model.internal(torch.from_numpy(np.concatenate([np.concatenate([[BOS], d]) for d in ds]))[None])[0]

    stats = train(model, stream_of(train_docs), stream_of(held_docs), args.steps, log)
    model.eval()
    scripted = torch.jit.script(model)
    os.makedirs(args.out_model, exist_ok=True)
    pt = os.path.join(args.out_model, "model.pt")
    scripted.save(pt)
    module = torch.jit.load(pt)
    module.eval()

    # Contexts: the start of a held-out document (checked at every length up to past the window), ids
    # outside the kept vocabulary (UNK path, extreme ids), and the empty context (BOS only).
    held = [int(v) for v in held_docs[0][:CONTEXT + 8]]
    rare = [int(v) for v in np.flatnonzero(counts == 1)[:6]]
    odd = [0, vocab - 1, rare[0], BOS, 13, rare[1], rare[2], 151668, 220, rare[3]]
    contexts = [
        ("held-out-document", held, list(range(0, len(held) + 1))),
        ("rare-and-extreme-ids", odd, list(range(1, len(odd) + 1))),
    ]
    vectors = {
        "format": "telltale-torchscript-lm-vectors/v1",
        "model": NAME,
        "made_by": "testdata/scripts/make_torchscript_lm.py",
        "torch_version": torch.__version__,
        "vocab_size": vocab,
        "context_length": CONTEXT,
        "bos_id": BOS,
        "top": TOP,
        "stride": STRIDE,
        "tolerance_max_abs": 1e-4,
        "contexts": reference(module, contexts, vocab,
                              {("held-out-document", 12), ("rare-and-extreme-ids", len(odd))}),
    }
    meta = {
        "format": "telltale-torchscript-lm/v1",
        "file": "model.pt",
        "file_sha256": sha256_file(pt),
        "vocab_size": vocab,
        "tokenizer": "qwen3",
        "tokenizer_sha256": tokenizer_sha,
        "context_length": CONTEXT,
        "bos_id": BOS,
        "input": "int64 [1, T], 1 <= T <= context_length",
        "output": "last",
        "description": "tiny causal transformer (%d layers, d %d, %d heads, tied embeddings) over %d Qwen3 ids seen "
                       ">= %d times in Brown (others share an UNK logit), trained %d steps of %d x %d tokens"
                       % (LAYERS, D_MODEL, HEADS, kept.numel(), MIN_COUNT, args.steps, BATCH, CONTEXT),
        "made_by": "testdata/scripts/make_torchscript_lm.py",
        "seed": SEED,
        "training_data": "Brown corpus (testdata/corpora/brown.jsonl) minus the last %d documents, Qwen3 ids"
                         % HELD_OUT_DOCS,
        "training": stats,
        "torch_version": torch.__version__,
        "blas": blas_in_use(),
        "parameters": int(sum(p.numel() for p in model.parameters())),
    }
    with open(os.path.join(args.out_model, "model.json"), "w") as f:
        f.write(json.dumps(meta, indent=2) + "\n")
    os.makedirs(os.path.dirname(args.out_vectors), exist_ok=True)
    with open(args.out_vectors, "w") as f:
        f.write(json.dumps(vectors, separators=(",", ":")) + "\n")
    log("wrote %s (%d bytes), model.json, %s" % (pt, os.path.getsize(pt), args.out_vectors))
    return 0


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes some generated code in set order; fixed string hashing makes model.pt byte-identical.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    sys.exit(main(sys.argv))
