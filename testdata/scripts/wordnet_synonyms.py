#!/usr/bin/env python3
"""Derives testdata/wordnet/synonyms.tsv, the synonym table of the evaluation's synonym attack.

Input: the WordNet 3.0 database as shipped by Debian's `wordnet-base` package (/usr/share/wordnet:
index.{noun,verb,adj,adv} and data.{noun,verb,adj,adv}) and the Brown corpus (testdata/corpora/brown.jsonl).

Rule: for every word that occurs in Brown (lower-cased, letters only, length >= 3, not a function word from
the list below) and is a WordNet lemma, its synonyms are the other single-word lemmas of the FIRST synset of
each part of speech it has (WordNet's index lists a lemma's synsets most frequent sense first), in the order
noun, verb, adjective, adverb, without duplicates. Satellite adjectives count as adjectives. Words without
such a synonym are left out. Only base forms are covered (no inflection).

Output: one line per word, `word<TAB>syn1 syn2 ...`, sorted by word; lines starting with '#' are comments.
Standard library only; deterministic.

Usage: python3 testdata/scripts/wordnet_synonyms.py [/usr/share/wordnet] [testdata/corpora/brown.jsonl] [out]
"""
import json
import os
import re
import sys

FUNCTION_WORDS = set("""
a about above after again against all am an and any are as at be been before being below between both but by
can cannot could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just may me might more most must my myself no nor not
now of off on once only or other ought our ours ourselves out over own same shall she should so some such than
that the their theirs them themselves then there these they this those through to too under until up upon very
was we were what when where which while who whom whose why will with within without would you your yours
yourself yourselves one two three four five six seven eight nine ten also yet still even ever never however
mr mrs miss dr st
""".split())
POS = ["noun", "verb", "adj", "adv"]
WORD = re.compile(r"^[a-z]+$")


def first_synsets(wordnet, pos):
    """lemma -> offset of its first (most frequent) synset."""
    first = {}
    with open(os.path.join(wordnet, "index." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue  # licence header
            parts = line.split()
            lemma, synset_cnt, p_cnt = parts[0], int(parts[2]), int(parts[3])
            offsets = parts[4 + p_cnt + 2:]
            assert len(offsets) == synset_cnt, line
            first[lemma] = offsets[0]
    return first


def synset_words(wordnet, pos, wanted):
    """offset -> lemmas of that synset, for the offsets in `wanted`."""
    words = {}
    with open(os.path.join(wordnet, "data." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            if parts[0] not in wanted:
                continue
            w_cnt = int(parts[3], 16)
            lemmas = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(w_cnt)]
            words[parts[0]] = lemmas
    return words


def main():
    wordnet = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    brown = sys.argv[2] if len(sys.argv) > 2 else "testdata/corpora/brown.jsonl"
    out = sys.argv[3] if len(sys.argv) > 3 else "testdata/wordnet/synonyms.tsv"
    vocab = set()
    with open(brown, encoding="utf-8") as f:
        for line in f:
            for w in re.findall(r"[A-Za-z]+", json.loads(line)["text"]):
                w = w.lower()
                if len(w) >= 3 and w not in FUNCTION_WORDS:
                    vocab.add(w)
    table = {}
    for pos in POS:
        first = first_synsets(wordnet, pos)
        wanted = {first[w] for w in vocab if w in first}
        words = synset_words(wordnet, pos, wanted)
        for w in sorted(vocab):
            if w not in first:
                continue
            for s in words[first[w]]:
                if s != w and WORD.match(s) and s not in FUNCTION_WORDS:
                    syns = table.setdefault(w, [])
                    if s not in syns:
                        syns.append(s)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# WordNet 3.0 first-sense synonyms of Brown words; made by testdata/scripts/wordnet_synonyms.py\n")
        f.write("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Licence: testdata/wordnet/LICENSE\n")
        for w in sorted(table):
            f.write(w + "\t" + " ".join(table[w]) + "\n")
    print(f"{len(table)} words with synonyms (of {len(vocab)} Brown words) -> {out}")


if __name__ == "__main__":
    main()
