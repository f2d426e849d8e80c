#!/usr/bin/env bash
# Render the three printed forms (with drawn signature images) and save page 1 of each as PNG at
# 80 dpi: form-handling.png, form-checklist.png, form-feedback.png. Needs poppler-utils (pdftoppm).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$here/../.." && ROADDESK_FORMS_OUT="$tmp" cargo test --test export screenshot_pdfs -- --ignored --quiet)
for form in handling checklist feedback; do
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$tmp/form-$form.pdf" "$here/form-$form"
done
ls -l "$here"/form-*.png
