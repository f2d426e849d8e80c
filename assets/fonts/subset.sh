#!/usr/bin/env bash
# How NotoSansSC-RoadDesk.otf was made (run from this folder). Source: Debian's fonts-noto-cjk,
# NotoSansCJK-Regular.ttc face 2 = Noto Sans CJK SC (SIL OFL 1.1, see OFL.txt).
# Repertoire: all of GBK (every double-byte GBK code, which includes all 20,902 CJK Unified
# Ideographs U+4E00–U+9FA5, so names such as 镕 喆 堃 珺 昇 are covered), plus ASCII, Latin-1,
# General Punctuation, CJK Symbols and Punctuation, and Halfwidth/Fullwidth Forms.
# Needs: apt-get install fonts-noto-cjk; pip install fonttools
set -euo pipefail
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
python3 - > unicodes.txt <<'PY'
cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
cps |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
for hi in range(0x81, 0xFF):
    for lo in list(range(0x40, 0x7F)) + list(range(0x80, 0xFF)):
        try:
            cps |= {ord(c) for c in bytes([hi, lo]).decode("gbk")}
        except UnicodeDecodeError:
            pass
print(",".join(f"U+{c:04X}" for c in sorted(cps)))
PY
pyftsubset "$src" --font-number=2 --unicodes-file=unicodes.txt \
  --layout-features='kern' --no-layout-closure --drop-tables+=VORG,vhea,vmtx,BASE --no-hinting \
  --output-file=NotoSansSC-RoadDesk.otf
rm unicodes.txt
