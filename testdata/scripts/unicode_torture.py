#!/usr/bin/env python3
"""Writes testdata/unicode/torture.jsonl: hard cases for tokenizers, one {"name", "text"} per line.

Used by the fast-vs-reference tokenizer tests (watermark-core, package dev.telltale.core.internal.bpe):
each text must give identical ids in the pure-Java BPE and in HuggingFace tokenizers (via DJL), and must
survive decode(encode(text)). The cases target the Split regex (letters, digits, whitespace runs, CR/LF,
contractions in any case), Unicode classes that differ between Java 17 and the reference (Unicode 14-17
letters and digits, marks that the reference's NFC tables do not know), NFC itself, added/special tokens
inside text, and byte-level BPE on long words. Deterministic; Python 3 standard library only.

Usage: python3 testdata/scripts/unicode_torture.py [output]   (default: testdata/unicode/torture.jsonl)
"""
import json
import os
import random
import sys
import unicodedata

CASES = []


def case(name, text):
    CASES.append((name, text))


# --- scripts and CJK -------------------------------------------------------------------------------
case("cjk", "中文测试：我们今天去北京大学。日本語のテキスト、カタカナとひらがな。한국어 텍스트입니다.")
case("cjk_no_spaces", "这是一个没有空格的很长的中文句子用来测试分词器在没有空格的情况下如何处理汉字序列" * 3)
case("cjk_extensions", "𠀀𠀁𪚥𰀀 𫝀𬺰 \U0002EBF0\U0002EBF1 \U00031350")
case("fullwidth_halfwidth", "ＡＢＣ１２３ｱｲｳ　ｶﾞ ｺﾝﾋﾟｭｰﾀ")
case("mixed_scripts", "Ελληνικά Русский текст हिन्दी ภาษาไทย ქართული Հայերեն ܣܘܪܝܝܐ ᏣᎳᎩ ᠮᠣᠩᠭᠣᠯ")
case("case_oddities", "Ǆemal ǅ ǈ ß ẞ İstanbul ı ΣΑΣ σας ﬁle ﬀ Ω Å K")

# --- emoji ---------------------------------------------------------------------------------------------
case("emoji_zwj", "👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇯🇵🇺🇸 ❤️ 1️⃣ #️⃣ 🧑🏿‍🤝‍🧑🏻 🫠🫶")
case("emoji_runs", "😀😀😀😀😀😀😀😀😀😀👍👍👍🎉🎉 wow!!!😂😂 ok👌")

# --- combining marks and normalisation ------------------------------------------------------------
case("combining_decomposed", "Cafe\u0301 nai\u0308ve re\u0301sume\u0301 o\u0302\u0323 q\u0307\u0323 a\u0301\u0316")
case("combining_lone", "\u0301 \u0301\u0301x \u20dd \u0308a \u0300")
case("zalgo", "Z\u0351\u0352\u0357\u0310a\u0344\u0315\u0316l\u0327\u0328\u0361g\u035c\u0322o\u0489\u0488")
case("hangul_jamo", "\u1100\u1161\u11a8 \u1112\u1161\u11ab\u1100\u1173\u11af \u110b\u1175 \u3131\u314f")
case("nfc_singletons", "\u2126 \u212b \u212a \u0340\u0341 \u0374 \u037e \u0387 \uf900\uf901 \u2000\u2001")
case("marks_newer_than_unicode9",
     "a\u07fd\u0301 e\u0316\u08d3\u0301 \U00011935\U00011930 \U00011938 x\u1ac1\u0301 y\u0301\u1abf o\u1dfa\u0334")
case("indic", "क्षत्रिय हिंदी नमस्ते த்தமிழ் ಕನ್ನಡ മലയാളം ൻ്റെ")

# --- right to left and bidi controls --------------------------------------------------------------
case("rtl", "مرحبا بالعالم ١٢٣٤ ۱۲۳ שָׁלוֹם עולם \u200fRLM\u200e \u202eRLO\u202c \u2067isolate\u2069")

# --- controls and invisible characters ----------------------------------------------------------
case("controls", "a\u0000b\u0001c\u0007d\u001b[31mred\u001b[0m\u007f\u0080\u0085\u009f end")
case("invisible", "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom \u00adsoft\u00adhyphen")

# --- whitespace runs --------------------------------------------------------------------------------
case("whitespace_runs", "a  b   c\t\td\n\n\ne\r\n\r\nf \r\n g\u00a0h\u00a0\u00a0i\u3000j\u2003\u2009k \u1680l\u2028m\u2029n\u000b\u000co")
case("whitespace_edges", "   leading and trailing   ")
case("whitespace_only", " \t\n\r\n \u00a0\u3000 ")
case("newline_kinds", "line\rline\nline\r\nline\n\rline\u0085line\u2028line \n\n  \n\t\n")
case("spaces_before_punct", "x   !  ?   ... \t( [ { \n\n!!\r\n?? \u00a0! \u3000?")
case("code_crlf", "def f(x):\r\n\treturn x**2  # comment\r\n\r\n\r\n    \r\n}\r\n\tif (a&&b) {\n\t\tc++;\n\t}\n")

# --- digits --------------------------------------------------------------------------------------------
case("digits", "1234567890 00000000000000000000 3.14159 1,000,000 2024-06-01 0x1F 1e-9 -42 +7 12ab34")
case("digits_unicode", "١٢٣٤٥ ۰۱۲ ०१२ ๑๒๓ ½ ² ⅷ Ⅻ ① ⑳ 𝟙𝟚𝟛 \U00010d40\U00010d41 \U0001ccf0\U0001ccf1")

# --- letters newer than Java 17's Unicode 13 ------------------------------------------------------
case("letters_unicode14to16", "\u1c89\u1c8a \ua7cb\ua7cc \U000105c0\U000105c1 \U00011f04\U00011f05 \U0001e290\U0001e291 \u0870\u0871")
case("unassigned_private", "\u0378 \ue000\U000f0000 \ufffe\uffff \U0010ffff \u088f \U0001fbf0")

# --- contractions in odd cases ------------------------------------------------------------------
case("contractions", "DON'T I'M YOU'RE WE'VE HE'LL SHE'D IT'S don't it's Don'T wE'Ve o'clock rock'n'roll")
case("apostrophes", "'s 'S 'ſ 'ſt 'T 'LL 'Ll 're 'Re 'rE ''s '''' ' 's'' ’s ‘t’ 'sound 'dollars 'll' 'x 'é '1 ' s")
case("apostrophe_spacing", "it 's you' re  'm\t've\n'd \r\n'll")

# --- long words ------------------------------------------------------------------------------------
case("long_ascii", "a" * 3000)
case("long_word", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 60)
rng = random.Random(7)
b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
case("long_base64", "".join(rng.choice(b64) for _ in range(6000)))
case("long_punct", "!" * 500 + "=" * 700 + "-._" * 300)
case("long_spaces", " " * 1000 + "x" + "\t" * 300 + "y" + "\n" * 200 + "z")
case("long_cjk", "".join(chr(rng.randrange(0x4e00, 0x9fff)) for _ in range(2500)))
case("long_emoji", "🙂" * 800)

# --- symbols ------------------------------------------------------------------------------------------
case("math_symbols", "∀x∈ℝ: x² ≥ 0 → ∑ᵢ aᵢ ≤ ∞ ‰ € £ ¥ © ® ™ ° ± × ÷ ∮ ⊕ ⟨ψ|φ⟩")
case("byte_level_alphabet", "Ġ Ċ ĉ ĠĠ ÿ þ Ã© âĤ¬ ðŁĺĢ")
case("markup", "<p class=\"x\">Hi &amp; <b>bye</b></p> <br/> <|not_special|> <| |> <||>")

# --- added and special tokens in text -----------------------------------------------------------
case("special_qwen", "<|endoftext|>Hello<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n<think>\nhmm\n</think>\n\nOK<|im_end|>")
case("special_adjacent", "<|endoftext|><|endoftext|>x<|endoftext|> <|endoftext|>\n<|endoftext|>")
case("special_partial", "<|im_star <|endoftext| <<|endoftext|>> <|endoftext|>|> |<|im_end|>")
case("special_qwen_tools", "<tool_call>{\"a\": 1}</tool_call><tool_response>ok</tool_response><|fim_prefix|>x<|fim_middle|>y<|fim_suffix|><|fim_pad|><|repo_name|><|file_sep|><|vision_start|><|image_pad|>")
case("special_llama", "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|reserved_special_token_250|><|end_of_text|>")
case("special_around_marks", "e<|endoftext|>\u0301 a\u0301<|im_start|>\u0308")


def escape_invisible(line):
    """JSON with literal non-ASCII text, but escapes for controls, format and separator characters."""
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        if ch != " " and (cat in ("Cc", "Cf", "Zl", "Zp", "Zs", "Cs", "Co", "Cn") or cat.startswith("M")):
            cp = ord(ch)
            if cp > 0xFFFF:
                cp -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
            else:
                out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    return "".join(out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "unicode", "torture.jsonl")
    names = set()
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for name, text in CASES:
            assert name not in names, name
            names.add(name)
            line = json.dumps({"name": name, "text": text}, ensure_ascii=False)
            f.write(escape_invisible(line) + "\n")
    print("wrote %d cases to %s" % (len(CASES), out), file=sys.stderr)


if __name__ == "__main__":
    main()
