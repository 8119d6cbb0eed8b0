#!/usr/bin/env python3
"""Write src/lib/names_drawn.c: the characters Unicode's confusables.txt reads
as one ASCII letter or digit, for the skeleton of file names (names.c).

    python3 tests/tools/gen-names-drawn.py confusables.txt > src/lib/names_drawn.c

confusables.txt is Unicode's (UTS #39, https://www.unicode.org/Public/security/
14.0.0/confusables.txt, version 14.0.0 of 2021-05-29 made the committed table);
Debian ships no copy, so the table is committed and this script is how it was
made.  Kept: a prototype of one ASCII letter or digit, a source past ASCII that
NFKD leaves as it is (what NFKD changes, the skeleton reads decomposed already:
fullwidth, mathematical letters), and not already in names.c's own tables.  A
decimal digit of another script read as O, o or l keeps its value instead
(০ Bengali zero is 0, ١ Arabic-Indic one is 1): the skeleton keeps the ASCII
digits 0 and 1 apart from the letters O and l on purpose (README, Known limits),
so a zero of another script passes for the zero, not the letter.
"""
import os
import re
import sys
import unicodedata


def own_tables():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "lib", "names.c")
    with open(here, encoding="utf-8") as f:
        return {int(m, 16) for m in re.findall(r"\{0x([0-9a-fA-F]+),", f.read())}


def rows(path):
    known = own_tables()
    out = {}
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            if line.startswith("#") or ";" not in line:
                continue
            fields = [x.strip() for x in line.split(";")]
            src = int(fields[0], 16)
            proto = [int(x, 16) for x in fields[1].split()]
            if len(proto) != 1 or src < 0x80 or src in known:
                continue
            to = chr(proto[0])
            if not (to.isascii() and to.isalnum()):
                continue
            c = chr(src)
            if unicodedata.normalize("NFKD", c) != c:
                continue
            if unicodedata.category(c) == "Nd" and unicodedata.digit(c) in (0, 1) and to in "Ool":
                to = str(unicodedata.digit(c))
            out[src] = (to, unicodedata.name(c, "?"))
    return sorted(out.items())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-names-drawn.py confusables.txt > src/lib/names_drawn.c")
    table = rows(sys.argv[1])
    print("/* names_drawn.c: characters of other scripts and symbols drawn as one ASCII")
    print(" * letter or digit (Unicode's confusables.txt 14.0.0), for the skeleton of file")
    print(" * names.  Written by tests/tools/gen-names-drawn.py: do not edit, run it again. */")
    print('#include "names.h"')
    print()
    print("/* Sorted by from: kc_name_drawn_as searches it by halves. */")
    print("static const struct {")
    print("    gunichar from;")
    print("    char to;")
    print("} drawn[] = {")
    for src, (to, name) in table:
        print("    {0x%04x, '%s'}, /* %s */" % (src, to, name.lower()))
    print("};")
    print()
    print("gunichar kc_name_drawn_as(gunichar c)")
    print("{")
    print("    size_t lo = 0, hi = G_N_ELEMENTS(drawn);")
    print("    if (c < drawn[0].from)")
    print("        return 0;")
    print("    while (lo < hi) {")
    print("        size_t mid = lo + (hi - lo) / 2;")
    print("        if (drawn[mid].from == c)")
    print("            return (gunichar)drawn[mid].to;")
    print("        if (drawn[mid].from < c)")
    print("            lo = mid + 1;")
    print("        else")
    print("            hi = mid;")
    print("    }")
    print("    return 0;")
    print("}")
    print()
    print("size_t kc_name_drawn_count(void) { return G_N_ELEMENTS(drawn); }")
    print()
    print("gunichar kc_name_drawn_nth(size_t i, gunichar *to)")
    print("{")
    print("    *to = (gunichar)drawn[i].to;")
    print("    return drawn[i].from;")
    print("}")


if __name__ == "__main__":
    main()
