#!/usr/bin/env bash
# Prints the path part of a site's base_url (https://host/center/ → /center/).
set -euo pipefail
url=$(grep -E '^(base_url|网址):' "$1" | head -1 | sed -E 's/^[^:]+:[[:space:]]*//; s/["'"'"']//g')
path=$(printf '%s' "$url" | sed -E 's#^[a-zA-Z]+://[^/]+##')
case "$path" in ''|/) echo /;; */) echo "$path";; *) echo "$path/";; esac
