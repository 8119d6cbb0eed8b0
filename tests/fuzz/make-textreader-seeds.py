#!/usr/bin/env python3
"""make-textreader-seeds.py DIR: the seeds of fuzz_textreader (tests/fuzz/corpus/textreader):
a first byte (bit 0: the parent asked for the first page first, bit 1: enough says yes)
and then what a text reader says (src/lib/textreader.h): good replies of each kind, and
the broken ones the parser must refuse."""
import os
import struct
import sys


def frame(t, payload=b""):
    return t + struct.pack(">I", len(payload)) + payload


SEEDS = {
    "text": b"\0" + frame(b"T", "Số: 12/QĐ-UBND\nngày 15 tháng 03 năm 2021\n".encode()),
    "ask-enough": b"\3" + frame(b"F", "Số: 12/QĐ-UBND\n".encode()) + frame(b"T", "Số: 12/QĐ-UBND\n".encode()),
    "ask-more": b"\1" + frame(b"F", b"first\n") + frame(b"T", b"first\nlast\n"),
    "unreadable": b"\0" + frame(b"E", b"PDF document is damaged"),
    "memory": b"\0" + frame(b"M"),
    "empty-text": b"\0" + frame(b"T"),
    "over-limit": b"\0" + b"T\xff\xff\xff\xff" + b"x" * 16,
    "why-over-limit": b"\0" + frame(b"E", b"x" * 4097),
    "not-utf8": b"\0" + frame(b"T", b"\xc3\x28 bad"),
    "nul-inside": b"\0" + frame(b"T", b"one\0two"),
    "truncated": b"\0" + b"T\0\0\0\x10abc",
    "first-not-asked": b"\0" + frame(b"F", b"first") + frame(b"T", b"first"),
    "first-twice": b"\1" + frame(b"F", b"a") + frame(b"F", b"b") + frame(b"T", b"ab"),
    "memory-with-payload": b"\0" + frame(b"M", b"x"),
    "unknown-type": b"\0" + frame(b"X", b"hello"),
    "nothing": b"\1",
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
