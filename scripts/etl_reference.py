#!/usr/bin/env python3
"""Python's answer for the character ETL (SPEC.md §2) on random strings over all of Unicode.

Writes common/src/test/resources/etl/python-reference.jsonl, which EtlPythonReferenceTest checks
the Spark expression (code-generated and interpreted) and the Java twin against, under the
default locale and a Turkish one. Standard library only; the seed is fixed, so the file is the
same on every run of the same Python (its Unicode tables only matter for lower(), and the script
checks that only U+0130 and U+212A lower-case to vocabulary characters).

Regenerate:  python3 scripts/etl_reference.py [--count 10000] [--seed 42] [--output FILE]

Line 1 is a header object; every other line is one case:
  text      the input (JSON escapes: lone surrogates appear as \\udXXX)
  clean     steps 1-4 (classifier vocabulary)
  clean_nl  steps 1-4 keeping '\\n' (language-model vocabulary); absent when equal to clean
  length, truncate, chars
            step 6 of `clean` to `length` characters ('post' keeps the head, 'pre' the tail),
            pre-padded with U+0000 (the character form of the pad index 98)
"""
import argparse
import json
import os
import random
import re
import string
import sys
import unicodedata

VOCAB = set(string.printable) - {"\n", "\r"}
WHITESPACE_RUN = re.compile("[\t\x0b\x0c ]+")


def clean(text, keep_newline):
    """SPEC.md §2 steps 1-4, worded as the spec words them."""
    keep = VOCAB | {"\n"} if keep_newline else VOCAB
    s = text.lower()
    s = "".join(c if c in keep and c not in "<>" else " " for c in s)
    s = WHITESPACE_RUN.sub(" ", s)
    return "<" + s.strip(" ") + ">"


def fit(s, length, keep_tail):
    """Step 6 in character form: truncate (head, or tail) or pre-pad with U+0000."""
    if len(s) >= length:
        return s[len(s) - length:] if keep_tail else s[:length]
    return "\x00" * (length - len(s)) + s


ASCII_WS = "\t\n\r\x0b\x0c "
UNICODE_WS = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
SPECIAL = "\u0130\u212a\u1e9e\xdf\u0131\u03a3\u03c2\u212b\u2126\ufb00\u0149\u01c5"


def draw(rnd):
    """One code point, weighted to the cases that matter."""
    r = rnd.random()
    if r < 0.38:
        return chr(rnd.randint(0x20, 0x7E))  # printable ASCII, upper case included
    if r < 0.48:
        return rnd.choice(ASCII_WS)
    if r < 0.51:
        return chr(rnd.choice([rnd.randint(0, 0x1F), 0x7F]))  # other controls
    if r < 0.60:
        return chr(rnd.randint(0x80, 0xFF))  # Latin-1 supplement (NBSP, NEL, accented letters)
    if r < 0.66:
        return chr(rnd.randint(0x300, 0x36F))  # combining marks
    if r < 0.71:
        return rnd.choice(UNICODE_WS)
    if r < 0.76:
        return rnd.choice(SPECIAL) if rnd.random() < 0.6 else chr(rnd.randint(0xFF01, 0xFF5E))  # full width
    if r < 0.85:
        return chr(rnd.randint(0x10000, 0x10FFFF))  # a surrogate pair in UTF-16
    if r < 0.87:
        return chr(rnd.randint(0xD800, 0xDFFF))  # a lone surrogate
    return chr(rnd.randint(0x100, 0xFFFF))  # anywhere in the BMP


def text(rnd):
    r = rnd.random()
    n = 0 if r < 0.02 else rnd.randint(1, 8) if r < 0.3 else rnd.randint(1, 40) if r < 0.95 else rnd.randint(40, 120)
    return "".join(draw(rnd) for _ in range(n))


def check_lower_claim():
    """Only U+0130 and U+212A lower-case to anything in the vocabulary (SPEC.md §2)."""
    found = [c for c in range(0x80, 0x110000) if any(ch in VOCAB for ch in chr(c).lower())]
    if found != [0x130, 0x212A]:
        sys.exit("unexpected: non-ASCII code points lower-casing into the vocabulary: %s" % [hex(c) for c in found])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "common", "src", "test", "resources", "etl", "python-reference.jsonl")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--output", default=default_out)
    a = p.parse_args()
    check_lower_claim()
    rnd = random.Random(a.seed)
    os.makedirs(os.path.dirname(os.path.abspath(a.output)), exist_ok=True)
    with open(a.output, "w", encoding="ascii", newline="\n") as f:
        header = {"generator": "scripts/etl_reference.py", "seed": a.seed, "count": a.count,
                  "python": sys.version.split()[0], "unicode": unicodedata.unidata_version}
        f.write(json.dumps(header) + "\n")
        for _ in range(a.count):
            t = text(rnd)
            c = clean(t, False)
            length = rnd.randint(max(1, len(c) - 6), len(c) + 6)
            tail = rnd.random() < 0.5
            case = {"text": t, "clean": c}
            if clean(t, True) != c:
                case["clean_nl"] = clean(t, True)
            case.update({"length": length, "truncate": "pre" if tail else "post", "chars": fit(c, length, tail)})
            f.write(json.dumps(case, ensure_ascii=True) + "\n")
    print("wrote %d cases to %s (%d bytes)" % (a.count, a.output, os.path.getsize(a.output)))


if __name__ == "__main__":
    main()
