#!/usr/bin/python3
"""Independent reference implementation of Telltale's native PRF "tt1", used to
generate the test vectors in testdata/vectors/tt1.json.

Usage: tt1_vectors.py [output path]   (default: testdata/vectors/tt1.json
                                       next to this script's parent folder)

Python 3 standard library only. SipHash-2-4 (Aumasson & Bernstein) and
HKDF-SHA256 (RFC 5869) are written out here from their specifications; both
are checked against published test values before anything is written, and the
script exits non-zero if a check fails.

The tt1 construction:
  key id      hex(SHA-256(b"telltale-key-id/v1" || secret)[0:8])
  PRF key     k = HKDF-SHA256(IKM=secret, salt=b"telltale",
                              info=b"telltale/v1/prf", L=16)
              k0 = LE64(k[0:8]), k1 = LE64(k[8:16])   (the SipHash key)
  seed        s = SipHash-2-4_k(LE64(x[t-h]) || ... || LE64(x[t-1]))
  value       u = mix((s + (v + 1) * 0x9E3779B97F4A7C15) mod 2^64)
  uniform     ((u >> 11) + 0.5) * 2^-53
  green       (u >> 11) < gamma * 2^53
  sub-key     HKDF-SHA256(secret, salt=b"telltale", info=label, L=32)
"""

import hashlib
import hmac
import json
import os
import struct
import sys

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
GAMMAS = ("0.25", "0.5", "0.1")


# ---------------------------------------------------------------- HKDF (RFC 5869)

def hkdf_extract(salt, ikm):
    if not salt:
        salt = bytes(hashlib.sha256().digest_size)
    return hmac.new(salt, ikm, hashlib.sha256).digest()


def hkdf_expand(prk, info, length):
    hash_len = hashlib.sha256().digest_size
    if length > 255 * hash_len:
        raise ValueError("HKDF output too long")
    okm = b""
    block = b""
    counter = 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def hkdf_sha256(ikm, salt, info, length):
    return hkdf_expand(hkdf_extract(salt, ikm), info, length)


# ---------------------------------------------------------------- SipHash-2-4

def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & MASK64
    v1 = _rotl(v1, 13)
    v1 ^= v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & MASK64
    v3 = _rotl(v3, 16)
    v3 ^= v2
    v0 = (v0 + v3) & MASK64
    v3 = _rotl(v3, 21)
    v3 ^= v0
    v2 = (v2 + v1) & MASK64
    v1 = _rotl(v1, 17)
    v1 ^= v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(key, message):
    """SipHash-2-4 of message under a 16-byte key; returns the 64-bit output
    as an unsigned integer (the little-endian reading of the 8 output bytes)."""
    if len(key) != 16:
        raise ValueError("SipHash key must be 16 bytes")
    k0, k1 = struct.unpack("<QQ", key)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    n = len(message)
    full = n - (n % 8)
    for off in range(0, full, 8):
        (m,) = struct.unpack_from("<Q", message, off)
        v3 ^= m
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
        v0 ^= m
    tail = message[full:] + bytes(7 - (n % 8))
    m = struct.unpack("<Q", tail + bytes([n & 0xFF]))[0]
    v3 ^= m
    v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


# ---------------------------------------------------------------- self checks

def self_check():
    # RFC 5869, appendix A.1 (test case 1).
    ikm = bytes([0x0B] * 22)
    salt = bytes(range(0x00, 0x0D))
    info = bytes(range(0xF0, 0xFA))
    prk = hkdf_extract(salt, ikm)
    okm = hkdf_expand(prk, info, 42)
    expect_prk = "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
    expect_okm = ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                  "34007208d5b887185865")
    if prk.hex() != expect_prk or okm.hex() != expect_okm:
        raise SystemExit("FAIL: HKDF-SHA256 does not match RFC 5869 test case 1")

    # SipHash-2-4 reference vector (key 00..0f, message 00..0e).
    key = bytes(range(16))
    got = siphash24(key, bytes(range(15)))
    if got != 0xA129CA6149BE45E5:
        raise SystemExit("FAIL: SipHash-2-4 gave %016x, expected a129ca6149be45e5" % got)
    # Same key, empty message: first entry of the reference 64-bit vector table.
    got = siphash24(key, b"")
    if got != 0x726FDB47DD0E0E31:
        raise SystemExit("FAIL: SipHash-2-4 of the empty message gave %016x" % got)

    # mix() is the SplitMix64 finaliser: from state 0 the SplitMix64 generator
    # yields e220a8397b1dcdaf, 6e789e6aa1b965f4.
    if mix(GOLDEN) != 0xE220A8397B1DCDAF or mix((2 * GOLDEN) & MASK64) != 0x6E789E6AA1B965F4:
        raise SystemExit("FAIL: mix() does not match the SplitMix64 reference outputs")


# ---------------------------------------------------------------- tt1

def key_id(secret):
    return hashlib.sha256(b"telltale-key-id/v1" + secret).digest()[:8].hex()


def prf_key(secret):
    return hkdf_sha256(secret, b"telltale", b"telltale/v1/prf", 16)


def subkey(secret, label):
    return hkdf_sha256(secret, b"telltale", label.encode("utf-8"), 32)


def seed(k, context):
    for x in context:
        if not 0 <= x < (1 << 64):
            raise ValueError("token id out of range: %r" % x)
    message = b"".join(struct.pack("<Q", x) for x in context)
    return siphash24(k, message)


def mix(z):
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & MASK64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & MASK64
    z ^= z >> 31
    return z


def value(s, v):
    return mix((s + (v + 1) * GOLDEN) & MASK64)


def uniform(u):
    return ((u >> 11) + 0.5) * 2.0 ** -53


def is_green(u, gamma):
    # Exact comparison of an integer with a float, as Python does it.
    return (u >> 11) < gamma * 2.0 ** 53


# ---------------------------------------------------------------- vectors

SECRETS = [
    bytes(32),
    bytes(range(32)),
    bytes([0xFF] * 32),
    bytes.fromhex("4b4f4d1dc90684905c0c2b8f026488eb450c4787f9ab1e76c2d60522116fe360"),
]

CONTEXTS = [
    [],
    [0],
    [1],
    [151668],
    [2147483647],
    [1, 2],
    [151642, 151668],
    [0, 1, 151668],
    [2147483647, 151642, 1],
    [151642, 0, 2147483647, 1, 151668],
    [9707, 11, 1879, 374, 264],
]

TOKENS = [0, 1, 2, 100, 12345, 151642, 151668, 2147483646]

SUBKEY_LABELS = ["telltale/v1/account/1", "telltale/v1/account/123456"]

GREEN_CHECK_CONTEXT = [1, 2]
GREEN_CHECK_GAMMA = 0.25
GREEN_CHECK_VOCAB = 151669


def build():
    cases = []
    for secret in SECRETS:
        k = prf_key(secret)
        k0, k1 = struct.unpack("<QQ", k)
        seeds = []
        values = []
        for ctx in CONTEXTS:
            s = seed(k, ctx)
            seeds.append({"context": list(ctx), "seed": "%016x" % s})
            for v in TOKENS:
                u = value(s, v)
                values.append({
                    "context": list(ctx),
                    "token": v,
                    "seed": "%016x" % s,
                    "u": "%016x" % u,
                    "uniform": uniform(u),
                    "green": {g: is_green(u, float(g)) for g in GAMMAS},
                })
        cases.append({
            "secret_hex": secret.hex(),
            "key_id": key_id(secret),
            "prf_k0": "%016x" % k0,
            "prf_k1": "%016x" % k1,
            "subkeys": [{"info": label, "hex": subkey(secret, label).hex()}
                        for label in SUBKEY_LABELS],
            "seeds": seeds,
            "values": values,
        })

    check_secret = bytes(range(32))
    s = seed(prf_key(check_secret), GREEN_CHECK_CONTEXT)
    green_count = sum(1 for v in range(GREEN_CHECK_VOCAB)
                      if is_green(value(s, v), GREEN_CHECK_GAMMA))

    return {
        "prf": "tt1",
        "generator": "testdata/scripts/tt1_vectors.py",
        "cases": cases,
        "green_fraction_check": green_count,
        "green_fraction_check_params": {
            "secret_hex": check_secret.hex(),
            "context": GREEN_CHECK_CONTEXT,
            "gamma": GREEN_CHECK_GAMMA,
            "vocab_size": GREEN_CHECK_VOCAB,
        },
    }


def _one(obj):
    return json.dumps(obj, separators=(",", ":"))


def render(doc):
    """JSON text with one seed / value entry per line."""
    lines = ["{", '"prf":%s,' % _one(doc["prf"]), '"generator":%s,' % _one(doc["generator"]),
             '"cases":[']
    for ci, case in enumerate(doc["cases"]):
        lines.append("{")
        for name in ("secret_hex", "key_id", "prf_k0", "prf_k1", "subkeys"):
            lines.append('"%s":%s,' % (name, _one(case[name])))
        for name in ("seeds", "values"):
            lines.append('"%s":[' % name)
            items = case[name]
            for i, item in enumerate(items):
                lines.append(_one(item) + ("," if i + 1 < len(items) else ""))
            lines.append("]," if name == "seeds" else "]")
        lines.append("}," if ci + 1 < len(doc["cases"]) else "}")
    lines.append("],")
    lines.append('"green_fraction_check":%s,' % _one(doc["green_fraction_check"]))
    lines.append('"green_fraction_check_params":%s' % _one(doc["green_fraction_check_params"]))
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_json(argv, default_name, build_doc, render_doc):
    """Shared CLI of the vector scripts: [output.json] (default vectors/<default_name>); the rendered JSON
    must read back equal to the document (every float round-trips). Returns (exit code, doc, path, size)."""
    if len(argv) > 2:
        sys.stderr.write("usage: %s [output.json]\n" % argv[0])
        return 2, None, None, 0
    if len(argv) == 2:
        out_path = argv[1]
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        out_path = os.path.join(os.path.dirname(here), "vectors", default_name)
    doc = build_doc()
    text = render_doc(doc)
    if json.loads(text) != doc:
        raise SystemExit("FAIL: JSON output does not round-trip")
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, out_path)
    return 0, doc, out_path, len(text.encode("utf-8"))


def main(argv):
    self_check()
    code, doc, out_path, size = write_json(argv, "tt1.json", build, render)
    if code:
        return code
    print("self checks passed; wrote %s (%d bytes), green_fraction_check=%d"
          % (out_path, size, doc["green_fraction_check"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
