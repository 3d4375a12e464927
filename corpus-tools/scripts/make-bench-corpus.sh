#!/usr/bin/env bash
# Makes the scan benchmark corpus (docs/benchmarks.md, "Corpus scan"): JSON lines of at least SIZE_MB megabytes
# built from the Brown corpus in testdata/ (each document's paragraphs reshuffled with a seeded RNG, so documents
# repeat as bags of paragraphs but rarely as texts), with one watermarked completion from the CLI
# (`telltale generate`, key KEY) in every 1,000 documents. Deterministic for the same key and seed.
#
#   corpus-tools/scripts/make-bench-corpus.sh OUT.jsonl [SIZE_MB=220] [KEY=OUT.key] [MARKED=20]
#
# Needs python3 and the telltale CLI (./telltale builds it; TELLTALE_CLI overrides the command). The key is
# created (development key) when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: make-bench-corpus.sh OUT.jsonl [SIZE_MB] [KEY] [MARKED]}"
size_mb="${2:-220}"
key="${3:-${out%.jsonl}.key}"
marked="${4:-20}"
tt="${TELLTALE_CLI:-$here/telltale}"  # e.g. TELLTALE_CLI="java -jar cli/target/telltale.jar"
if [ ! -f "$key" ]; then
  $tt keygen --insecure-plaintext --out "$key" >/dev/null
fi
marked_file="$(mktemp)"
trap 'rm -f "$marked_file"' EXIT
for seed in $(seq 1 "$marked"); do
  $tt generate --key "$key" --seed "$seed" --max-tokens 300 --json >> "$marked_file"
done
python3 - "$here/testdata/corpora/brown.jsonl" "$marked_file" "$out" "$size_mb" <<'PY'
import json, random, sys
brown_path, marked_path, out_path, size_mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
brown = [json.loads(l) for l in open(brown_path, encoding="utf-8") if l.strip()]
marked = [json.loads(l)["text"] for l in open(marked_path, encoding="utf-8") if l.strip()]
rng = random.Random(20261123)
target = size_mb * 1_000_000
written, n, m = 0, 0, 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        if n % 1000 == 999 and marked:
            rec = {"id": "wm-%d" % m, "text": marked[m % len(marked)]}
            m += 1
        else:
            d = brown[rng.randrange(len(brown))]
            paras = d["text"].split("\n\n")
            rng.shuffle(paras)
            rec = {"id": "%s-%d" % (d["id"], n), "text": "\n\n".join(paras)}
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        n += 1
print("%s: %d documents (%d watermarked), %.1f MB" % (out_path, n, m, written / 1e6), file=sys.stderr)
PY
