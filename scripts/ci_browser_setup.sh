#!/bin/sh
# Browser-test prerequisites (called from .ci/run): Debian's chromium, a CJK font, and the
# Playwright Python client. Never `playwright install`: the tests launch /usr/bin/chromium.
set -eu
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    apt-get update
    apt-get install -y --no-install-recommends chromium fonts-noto-cjk
fi
python3 -c "import playwright" 2>/dev/null || python3 -m pip install "playwright>=1.45"
