#!/usr/bin/env bash
# Draws RoadDesk's icon (the character 路 over a road, in the bundled font) and packs the sizes
# Windows wants into roaddesk.ico. Needs ImageMagick. Run from anywhere; rewrites the files here.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
convert -size 256x256 xc:none -fill '#1d5fa8' -draw 'roundrectangle 8,8 247,247 44,44' \
    -fill '#f2b705' -draw 'polygon 100,247 156,247 140,190 116,190' \
    -font ../fonts/NotoSansSC-RoadDesk.otf -pointsize 150 -fill white -gravity center \
    -annotate +0-18 '路' -depth 8 roaddesk-256.png
sizes=(16 24 32 48 64 128)
for s in "${sizes[@]}"; do convert roaddesk-256.png -resize "${s}x${s}" "$tmp/$s.png"; done
sizes=("${sizes[@]/%/.png}")
cp "$tmp/128.png" roaddesk-128.png
convert "${sizes[@]/#/$tmp/}" roaddesk-256.png roaddesk.ico
