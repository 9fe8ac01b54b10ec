#!/usr/bin/env bash
# Installs Apache Otava from PyPI into a venv in the user cache: the oracle the TypeScript change-point
# detector is checked against (test/unit/campaign-otava-agreement.test.ts). Idempotent; .ci/run calls it.
set -euo pipefail
OTAVA_VERSION=0.8.0
venv="${TESTBED_OTAVA_VENV:-$HOME/.cache/ignite-cassandra-testbed/otava-venv}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('apache-otava') != '$OTAVA_VERSION')" 2>/dev/null; then
  echo "✓ apache-otava $OTAVA_VERSION already in $venv"
  exit 0
fi
command -v python3 >/dev/null || { echo "✗ python3 is missing: sudo apt-get install -y python3 python3-venv" >&2; exit 1; }
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "apache-otava==$OTAVA_VERSION"
echo "✓ apache-otava $OTAVA_VERSION installed in $venv"
