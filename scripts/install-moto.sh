#!/usr/bin/env bash
# Installs the AWS API emulator the CDK deploy tests run against (moto's server mode) into a
# virtual environment in the user cache, pinned because the test launcher patches moto's internals
# (test/support/moto/moto-launcher.py). Idempotent: exits early when the pinned version is there.
# Usage: scripts/install-moto.sh   → prints the venv's bin directory on the last line.
set -euo pipefail
MOTO_VERSION=5.2.6
# The AWS CLI (v1, from PyPI) runs the EC2 user-data launcher in its test, as awscli does on the AMI.
AWSCLI_VERSION=1.45.11
cache="${TESTBED_CACHE_DIR:-$HOME/.cache/ignite-cassandra-testbed}"
venv="$cache/moto-venv-$MOTO_VERSION"
if [ -x "$venv/bin/aws" ] && "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "moto $MOTO_VERSION already installed in $venv"
else
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" "awscli==$AWSCLI_VERSION"
  echo "moto $MOTO_VERSION installed in $venv"
fi
echo "$venv/bin"
