#!/usr/bin/env bash
# The 统计 screenshot: the real window under Xvfb, logged in as the duty leader (lingdao).
# Needs: apt-get install xvfb xdotool imagemagick; a build of roaddesk (BIN=… to choose it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${BIN:-$here/../../target/release/roaddesk}
home=$(mktemp -d)
export HOME=$home XDG_DATA_HOME=$home/.local/share DISPLAY=${SHOT_DISPLAY:-:93}
"$bin" demo --complaints 3000 > /dev/null
Xvfb "$DISPLAY" -screen 0 1280x800x24 > /dev/null 2>&1 & xvfb=$!
sleep 1
"$bin" > /dev/null 2>&1 & app=$!
trap 'kill $app $xvfb 2>/dev/null; rm -rf "$home"' EXIT
sleep 5
xdotool windowfocus --sync "$(xdotool search --name RoadDesk | head -1)"
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.4; }
click 674 290; xdotool type --delay 40 lingdao; xdotool key Tab; xdotool type --delay 40 demo123; xdotool key Return
sleep 4
click 66 ${STATS_Y:-203}; sleep ${STATS_WAIT:-6}   # 统计 in the navigation
import -window root "${OUT:-$here/stats.png}"
