#!/usr/bin/env bash
# Regenerate the CPython reference outputs (NAME.out) for every NAME.py in this
# directory, checking that each program is deterministic.
#
# Usage:
#   ./regen.sh                 regenerate every .out
#   ./regen.sh NAME ...        regenerate only the named programs (NAME or NAME.py)
#   ./regen.sh --check [NAME]  do not write; verify the existing .out files
#
# Each program is run RUNS times (default 5) with $PYTHON (default python3,
# expected to be CPython 3.11). A program fails if it exits non-zero, writes
# anything to stderr, or if any two runs print different output. A .out file
# is only (re)written when all runs of its program succeeded and agreed.
set -euo pipefail

cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
RUNS=${RUNS:-5}
check=0
if [[ ${1:-} == --check ]]; then
    check=1
    shift
fi

ver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [[ $ver != 3.11 ]]; then
    echo "warning: $PYTHON is Python $ver, the reference outputs are from 3.11" >&2
fi

if (($# > 0)); then
    progs=()
    for a in "$@"; do progs+=("${a%.py}.py"); done
else
    shopt -s nullglob
    progs=(*.py)
fi
if ((${#progs[@]} == 0)); then
    echo "no programs found" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
for py in "${progs[@]}"; do
    name=${py%.py}
    if [[ ! -f $py ]]; then
        echo "FAIL $name: no such program" >&2
        fail=1
        continue
    fi
    ok=1
    for ((i = 1; i <= RUNS; i++)); do
        if ! PYTHONHASHSEED=0 "$PYTHON" "$py" >"$tmp/run$i" 2>"$tmp/err"; then
            echo "FAIL $name: run $i exited non-zero" >&2
            sed 's/^/    /' "$tmp/err" >&2
            ok=0
            break
        fi
        if [[ -s $tmp/err ]]; then
            echo "FAIL $name: run $i wrote to stderr" >&2
            sed 's/^/    /' "$tmp/err" >&2
            ok=0
            break
        fi
        if ((i > 1)) && ! cmp -s "$tmp/run1" "$tmp/run$i"; then
            echo "FAIL $name: run $i differs from run 1 (not deterministic)" >&2
            diff "$tmp/run1" "$tmp/run$i" | sed 's/^/    /' >&2 || true
            ok=0
            break
        fi
    done
    if ((!ok)); then
        fail=1
        continue
    fi
    if ((check)); then
        if [[ ! -f $name.out ]]; then
            echo "FAIL $name: $name.out missing" >&2
            fail=1
        elif ! cmp -s "$tmp/run1" "$name.out"; then
            echo "FAIL $name: output differs from $name.out" >&2
            diff "$name.out" "$tmp/run1" | sed 's/^/    /' >&2 || true
            fail=1
        else
            echo "ok   $name"
        fi
    else
        cp "$tmp/run1" "$name.out"
        echo "ok   $name ($RUNS identical runs)"
    fi
done

exit "$fail"
