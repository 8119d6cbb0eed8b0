#!/bin/sh
# dossier-big.sh: ingest a 10,000-file, multi-gigabyte tree (TAP, suite slow).
#
# The tree is generated at test time under the build directory and deleted
# afterwards: 9,897 small files of random bytes (PDFs, images, Office files,
# text) in 37 criterion folders, 100 copies of some of them under other names
# (stored once), and three sparse files of 4.5 GiB, 1 GiB and 1 GiB + 1 byte
# with a few random bytes in them, so the dossier needs ZIP64 (an entry and
# offsets over 4 GiB).  The same tree is ingested first without the big files:
# the peak memory with them must not be more than a few MiB above that, i.e. it
# does not grow with file sizes.  The dossier is then checked, listed by
# Python's zipfile and by unzip, and the numbers are printed as TAP comments.
#
# Environment: KC_BUILD_ROOT, KC_SOURCE_ROOT (set by meson), PYTHON (default python3).
set -u

build=${KC_BUILD_ROOT:?KC_BUILD_ROOT is not set}
src=${KC_SOURCE_ROOT:?KC_SOURCE_ROOT is not set}
kc=$build/src/cli/kiemchung
py=${PYTHON:-python3}

work=$(mktemp -d "$build/kc-dossier-big.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
tmp=$work
. "$src/tests/cli/tap.sh" # ok, notok, skip, check, t, status, finish
note() { echo "# $1"; }

# measure LABEL COMMAND...: runs the command, keeps its exit status, seconds and
# peak RSS (KiB, from getrusage of the child) in $work/LABEL.
cat >"$work/measure.py" <<'EOF'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
t = time.monotonic()
with open(label + ".log", "w") as log:
    rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
secs = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(label, "w").write(f"{rc} {secs:.1f} {rss}\n")
EOF
measure() { label=$1; shift; $py "$work/measure.py" "$work/$label" "$@"; }
field() { cut -d' ' -f"$2" "$work/$1"; }

cat >"$work/make.py" <<'EOF'
import os, random, shutil, sys
root = sys.argv[1]
rng = random.Random(2021)
exts = [".pdf", ".jpg", ".png", ".docx", ".xlsx", ".txt", ".csv", ".doc"]
made = []
for i in range(9897):
    k = i % 37 + 1
    folder = os.path.join(root, f"{k:02d} Tiêu chí {k}", f"Đợt {i % 3 + 1}")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"Tài liệu kiểm chứng {i:05d}{exts[i % len(exts)]}")
    with open(path, "wb") as f:
        f.write(rng.randbytes(rng.randint(100, 60000)))
    made.append(path)
for i in range(100):
    k = (i * 7) % 37 + 1
    folder = os.path.join(root, f"{k:02d} Tiêu chí {k}")
    src = made[i * 13]
    shutil.copyfile(src, os.path.join(folder, f"Bản sao {i:03d}" + os.path.splitext(src)[1]))
EOF
cat >"$work/big.py" <<'EOF'
import os, random, sys
root = sys.argv[1]
rng = random.Random(4)
for rel, size in [("01 Tiêu chí 1/Bản quét hồ sơ lớn.pdf", 4608 << 20),
                  ("02 Tiêu chí 2/Ảnh chụp màn hình.jpg", 1 << 30),
                  ("03 Tiêu chí 3/Bản quét.tif", (1 << 30) + 1)]:
    with open(os.path.join(root, rel), "wb") as f:
        f.truncate(size)                    # sparse: no disk, but every byte is read
        for off in (0, size // 3, size - 4096):
            f.seek(off)
            f.write(rng.randbytes(4096))
EOF

tree=$work/tree
export SOURCE_DATE_EPOCH=1633046400
if $py "$work/make.py" "$tree" >"$work/why" 2>&1; then pass "generate 9,997 small files"; else fail "generate 9,997 small files"; finish; fi

measure small "$kc" --quiet ingest -o "$work/small.zip" "$tree"
if [ "$(field small 1)" = 0 ]; then pass "ingest the small files"; else cp "$work/small.log" "$work/why"; fail "ingest the small files"; fi
note "small tree: $(field small 2) s, max RSS $(field small 3) KiB"
rm -f "$work/small.zip"

$py "$work/big.py" "$tree"
measure big "$kc" --quiet ingest -o "$work/big.zip" "$tree"
if [ "$(field big 1)" = 0 ]; then pass "ingest 10,000 files, 6.6 GiB"; else cp "$work/big.log" "$work/why"; fail "ingest 10,000 files, 6.6 GiB"; fi
size=$(stat -c %s "$work/big.zip" 2>/dev/null || echo 0)
note "big tree: $(field big 2) s, max RSS $(field big 3) KiB, dossier $size bytes"
rss0=$(field small 3) rss1=$(field big 3)
if [ "$rss1" -le $((rss0 + 16384)) ] && [ "$rss1" -le 131072 ]; then pass "memory does not grow with file sizes ($rss0 -> $rss1 KiB)"; else
	echo "max RSS $rss0 KiB without the big files, $rss1 KiB with them" >"$work/why"
	fail "memory does not grow with file sizes"
fi

cat >"$work/zip64.py" <<'EOF'
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
infos = z.infolist()
assert infos[0].filename == "mimetype" and infos[0].compress_type == 0
data = [i for i in infos if i.filename.startswith("data/")]
assert len(data) == 9900, len(data)   # 9,897 + 3 big; the 100 copies stored once
big = z.getinfo("data/Bản quét hồ sơ lớn.pdf")
assert big.file_size == 4608 << 20 and big.compress_type == 0
assert max(i.header_offset for i in infos) > 1 << 32, "no entry beyond 4 GiB"
d = json.loads(z.read("dossier.json"))
assert len(d["files"]) == 9900
assert sum(1 for f in d["files"] if f.get("also_named")) == 100
print("ok")
EOF
if $py "$work/zip64.py" "$work/big.zip" >"$work/why" 2>&1; then pass "Python reads the ZIP64 dossier: 9,900 files, copies stored once"; else fail "Python reads the ZIP64 dossier"; fi
if unzip -l "$work/big.zip" >"$work/why" 2>&1 && grep -q '4831838208.*Bản quét hồ sơ lớn.pdf' "$work/why"; then pass "unzip lists it"; else fail "unzip lists it"; fi

measure check "$kc" --quiet check "$work/big.zip"
if [ "$(field check 1)" = 0 ]; then pass "check: every hash of the big dossier holds"; else cp "$work/check.log" "$work/why"; fail "check the big dossier"; fi
note "check: $(field check 2) s, max RSS $(field check 3) KiB"
finish
