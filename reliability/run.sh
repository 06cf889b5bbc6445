#!/usr/bin/env bash
# The reliability scripts in CI, with short durations: SIGKILL during creates, SIGTERM during
# slow exports, SIGKILL of the embedded PostgreSQL after acknowledged creates, and a short soak.
# Each stops what it starts and exits non-zero on a failed check.
# Full soak (5 minutes): bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-200} reliability/sigkill.sh
reliability/sigterm.sh
reliability/crash-embedded.sh
DURATION=${SOAK_DURATION:-20s} WARMUP=${SOAK_WARMUP:-10s} bench/soak.sh
echo "reliability: all passed"
