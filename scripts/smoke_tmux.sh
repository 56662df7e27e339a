#!/usr/bin/env bash
# Smoke test as a person would see it: start the demo in a real terminal (tmux, 80x24) and
# check that the Today screen renders with its figures, then that F3 shows the people list.
#   scripts/smoke_tmux.sh [nghean-tui command]      (default: nghean-tui on PATH)
set -euo pipefail
cmd=${1:-nghean-tui}
session="nghean-smoke-$$"
dir=$(mktemp -d)
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }

tmux new-session -d -s "$session" -x 80 -y 24 \
    "NGHEAN_KDF=fast $cmd --lang vi demo --data-dir '$dir/demo'; sleep 30"

wait_for() {  # wait_for TEXT SECONDS: poll the screen until TEXT shows
    local text=$1 limit=$2 waited=0
    while ! tmux capture-pane -p -t "$session" | grep -qF "$text"; do
        sleep 0.5; waited=$((waited + 1))
        if [ "$waited" -ge $((limit * 2)) ]; then
            echo "FAIL: '$text' did not appear within ${limit}s; the screen shows:" >&2
            tmux capture-pane -p -t "$session" >&2
            return 1
        fi
    done
}

wait_for "Quá hạn" 60          # Today: follow-up counts
wait_for "Đang quản lý" 10     # Today: people by kind of management
tmux send-keys -t "$session" F3
wait_for "Họ và tên" 10        # People list header
wait_for "người" 10            # its count line
tmux send-keys -t "$session" C-q
echo "OK: Today and People render in tmux"
