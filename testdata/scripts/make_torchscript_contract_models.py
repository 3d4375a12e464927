#!/usr/bin/env python3
"""Two tiny TorchScript modules that exercise the edges of Telltale's TorchScript LM contract.

* ``testdata/models/contract-all-positions/``: V = 7, context_length = 5, no BOS, ``"output": "all"``;
  ``forward(ids [1, T]) -> float64 [1, T, V]`` with ``out[0, t, v] = 0.25 * ids[0, t] + 0.5 * v + t``, exact in
  binary floating point, so the adapter's result for a context is known without a reference file: the last
  row of the window (the last min(n, 5) ids), converted to float32.
* ``testdata/models/contract-bad-shape/``: declares V = 7 but returns ``[1, 8]``; loading must fail.

Run with Debian's PyTorch (``apt-get install python3-torch``), from the repository root::

    /usr/bin/python3 testdata/scripts/make_torchscript_contract_models.py

(The model files carry no training data; they are a few kilobytes each.)
"""
import hashlib
import json
import os
import sys

import torch
from torch import Tensor, nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
V = 7
CONTEXT = 5


class AllPositions(nn.Module):
    def __init__(self):
        super().__init__()
        self.vocab_size = V

    def forward(self, ids: Tensor) -> Tensor:
        t = ids.shape[1]
        pos = torch.arange(t, dtype=torch.float64).view(1, t, 1)
        vocab = torch.arange(self.vocab_size, dtype=torch.float64).view(1, 1, self.vocab_size)
        return 0.25 * ids.to(torch.float64).unsqueeze(2) + 0.5 * vocab + pos


class BadShape(nn.Module):
    def __init__(self):
        super().__init__()
        self.vocab_size = V

    def forward(self, ids: Tensor) -> Tensor:
        return torch.zeros(1, self.vocab_size + 1)


def write(name, module, meta):
    out = os.path.join(ROOT, "testdata", "models", name)
    os.makedirs(out, exist_ok=True)
    pt = os.path.join(out, "model.pt")
    torch.jit.script(module).save(pt)
    with open(pt, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    doc = {"format": "telltale-torchscript-lm/v1", "file": "model.pt", "file_sha256": digest, "vocab_size": V,
           "tokenizer": "contract-test", "context_length": CONTEXT}
    doc.update(meta)
    doc["made_by"] = "testdata/scripts/make_torchscript_contract_models.py"
    doc["torch_version"] = torch.__version__
    with open(os.path.join(out, "model.json"), "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")
    sys.stderr.write("wrote %s (%d bytes)\n" % (pt, os.path.getsize(pt)))


def main():
    write("contract-all-positions", AllPositions(),
          {"output": "all", "description": "out[0, t, v] = 0.25 * ids[0, t] + 0.5 * v + t, float64 [1, T, V]"})
    write("contract-bad-shape", BadShape(), {"output": "last", "description": "returns [1, V + 1]: breaks the contract"})
    return 0


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes some generated code in set order; fixed string hashing makes model.pt byte-identical.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    sys.exit(main())
