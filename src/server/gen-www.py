#!/usr/bin/env python3
"""gen-www.py: the resource list of the desk's pages (src/server/www/), for
glib-compile-resources.  Every file under www/ is served as /<its path>, so a
page added there is served after the next build with no list to edit.  The
XML is rewritten only when the list changes, so an unchanged tree rebuilds
nothing.

Usage: gen-www.py WWW_DIR OUTPUT.xml"""
import os
import sys
from xml.sax.saxutils import escape

www, out = sys.argv[1], sys.argv[2]
names = []
for root, dirs, files in os.walk(www):
    dirs[:] = sorted(d for d in dirs if not d.startswith('.') and d != 'node_modules')
    for f in sorted(files):
        if f.startswith('.') or f.endswith('~'):
            continue
        names.append(os.path.relpath(os.path.join(root, f), www).replace(os.sep, '/'))
names.sort()
lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<gresources>', '  <gresource prefix="/kiemchung/www">']
lines += ['    <file>%s</file>' % escape(n) for n in names]
lines += ['  </gresource>', '</gresources>', '']
text = '\n'.join(lines)
try:
    with open(out, encoding='utf-8') as f:
        if f.read() == text:
            sys.exit(0)
except OSError:
    pass
with open(out, 'w', encoding='utf-8') as f:
    f.write(text)
