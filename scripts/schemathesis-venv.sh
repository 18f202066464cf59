#!/usr/bin/env bash
# Ensures the pinned schemathesis (PyPI) in a cached virtual environment and prints the path of
# its executable on stdout (progress goes to stderr). Used by .ci/run and by the fuzz test, so a
# plain `npm test` on a machine without the venv creates it too. The version is part of the path:
# changing the pin makes a fresh venv instead of mutating the old one.
set -euo pipefail

version=4.32.5
venv=${EVERYNODE_SCHEMATHESIS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/everynode/schemathesis-$version}
exe=$venv/bin/schemathesis
# Written last: an interrupted install is never taken for a good one.
marker=$venv/.installed

if [[ -f "$marker" && -x "$exe" ]]; then
  echo "$exe"
  exit 0
fi

command -v python3 >/dev/null || { echo "schemathesis-venv: python3 is missing (apt-get install python3 python3-venv)" >&2; exit 1; }
echo "schemathesis-venv: installing schemathesis==$version into $venv (pip download, about a minute)" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv" >&2
"$venv/bin/pip" install --disable-pip-version-check --no-input --progress-bar off -q "schemathesis==$version" >&2
"$exe" --version >&2
touch "$marker"
echo "$exe"
