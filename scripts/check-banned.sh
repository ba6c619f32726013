#!/usr/bin/env bash
# check-banned.sh: fail if the sources call a function we ban (as curl's
# checksrc does): they overflow buffers, hide errors or run shells.
set -euo pipefail
cd "$(dirname "$0")/.."
banned='v?sprintf|strcpy|strcat|strtok|atoi|gets|system|alloca'
# A call is the name, not preceded by an identifier character, then "(".
hits=$(grep -rnE "(^|[^A-Za-z0-9_])($banned)[[:space:]]*\(" \
  --include='*.c' --include='*.h' src tests fuzz 2>/dev/null |
  grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*|//)' || true)
if [ -n "$hits" ]; then
  echo "Banned calls (use snprintf, str_copy, buf_*, strtok_r, str_to_i64):"
  echo "$hits"
  exit 1
fi
echo "check-banned: no banned calls"
