#!/usr/bin/env bash
# How the README screenshots were taken: the real window under Xvfb, driven with xdotool.
# Needs: apt-get install xvfb xdotool imagemagick; a release build (cargo build --release).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${BIN:-$here/../../target/release/roaddesk}
home=$(mktemp -d)
export HOME=$home XDG_DATA_HOME=$home/.local/share DISPLAY=:97
"$bin" demo --complaints 3000 > /dev/null
Xvfb :97 -screen 0 1280x800x24 > /dev/null 2>&1 & xvfb=$!
sleep 1
"$bin" > /dev/null 2>&1 & app=$!
trap 'kill $app $xvfb 2>/dev/null; rm -rf "$home"' EXIT
sleep 4
# No window manager under Xvfb: give the window the keyboard focus explicitly.
xdotool windowfocus --sync "$(xdotool search --name RoadDesk | head -1)"
shot() { sleep "${2:-1.5}"; import -window root "$here/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.4; }
# Log in as the duty-desk operator: the login field has the focus order 用户名 → 密码.
click 674 290; xdotool type --delay 40 zhiban1; xdotool key Tab; xdotool type --delay 40 demo123; xdotool key Return
shot dashboard 3
click 66 95;  shot list 2          # 投诉工单
xdotool key ctrl+n; shot intake 1.5
xdotool key Escape; click 66 95; sleep 1.5
xdotool key ctrl+f; xdotool type --delay 60 "态度"; sleep 2
click 230 235; xdotool key Return; shot detail 2     # select the first row, Enter opens it
click 66 178; shot revisits 2.5    # 回访
