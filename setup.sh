#!/usr/bin/env bash
# Obeya's two commands. Every install step is idempotent and skips itself when done.
#
#   ./setup.sh serve [obeya serve args]   install, then start the server (SQLite in ./data/)
#   ./setup.sh test  [pytest args]        install, then ruff, mypy and the whole pytest suite
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD

APT_PACKAGES=(chromium fonts-noto-cjk fonts-noto-color-emoji redis-server postgresql poppler-utils libharfbuzz-subset0)
PYTHON=${PYTHON:-python3}
VENV=$ROOT/.venv
# `ruff format --check` joins the checks once the tree is formatted (`ruff format .`).
FORMAT_CHECK=${OBEYA_FORMAT_CHECK:-1}

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }
# Run one install step and say how long it took.
timed() {
    local start
    start=$(now_ms)
    "$@"
    local ms=$(($(now_ms) - start))
    printf '    (%d.%03ds)\n' $((ms / 1000)) $((ms % 1000))
}

usage() {
    cat <<'EOF'
usage: ./setup.sh serve [obeya serve args]   install everything, then start the server
       ./setup.sh test  [pytest args]        install everything, then ruff, mypy and pytest
       ./setup.sh install                    install everything only
EOF
}

install_apt() {
    step "apt: ${APT_PACKAGES[*]}"
    local wanted=("${APT_PACKAGES[@]}")
    command -v npm >/dev/null || wanted+=(nodejs npm)
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "all installed"
        return
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
        sudo=(sudo)
    fi
    echo "installing: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_python() {
    step "python: .venv with pip install -e '.[dev]'"
    local stamp=$VENV/.obeya-pyproject.sha256
    local want
    want=$(sha pyproject.toml)
    if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "up to date"
        return
    fi
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "$PYTHON is older than 3.11 (set PYTHON=/path/to/python3.11)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
    echo "$want" >"$stamp"
}

# The report renderer's small CJK font (exports/cjkfont.py), cut once from Noto Sans CJK SC.
install_report_font() {
    step "report font: python -m exports.cjkfont"
    if "$VENV/bin/python" -c 'import sys; from exports.cjkfont import built; sys.exit(not built())'; then
        echo "already built"
        return
    fi
    "$VENV/bin/python" -m exports.cjkfont
}

# npm ci only when package-lock.json changed since the last install into node_modules.
npm_ci() {
    local dir=$1
    local stamp=$dir/node_modules/.obeya-lock.sha256
    local want
    [ -f "$dir/package-lock.json" ] ||
        die "$dir/package-lock.json is missing: run 'npm install' in $dir/ and commit the lock file"
    want=$(sha "$dir/package-lock.json")
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "node_modules up to date"
        return
    fi
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
}

install_client() {
    step "client: npm ci && npm run build"
    if [ ! -f client/package.json ]; then
        echo "no client/package.json yet: skipped"
        return
    fi
    npm_ci client
    (cd client && npm run --silent build)
}

# Node packages the tests and the load generator drive (each only once its lock file exists).
install_node_tools() {
    local dir
    for dir in tests/node bench; do
        step "$dir: npm ci"
        if [ -f "$dir/package-lock.json" ]; then
            npm_ci "$dir"
        else
            echo "no $dir/package-lock.json: skipped"
        fi
    done
}

install_all() {
    timed install_apt
    timed install_python
    # Cutting the font is ~40 s of one core; the npm installs mostly wait on the network and
    # the disk: they overlap, and the font step's output follows theirs.
    local font_log font_pid font_status=0
    font_log=$(mktemp)
    (timed install_report_font) >"$font_log" 2>&1 &
    font_pid=$!
    timed install_client
    timed install_node_tools
    wait "$font_pid" || font_status=$?
    cat "$font_log"
    rm -f "$font_log"
    [ "$font_status" -eq 0 ] || die "the report font step failed (exit $font_status)"
}

run_tests() {
    local bin=$VENV/bin
    local status=0
    if [ "$FORMAT_CHECK" = 1 ]; then
        step "ruff format --check"
        "$bin/ruff" format --check . || status=1
    fi
    step "ruff check"
    "$bin/ruff" check . || status=1
    step "mypy"
    "$bin/mypy" || status=1
    step "client check (tsc, colour literals, prettier)"
    (cd client && npm run --silent check) || status=1
    step "pytest $*"
    # pytest's own exit code, 5 ("no tests collected") included, decides with the linters.
    # --durations: every CI log lists the slowest tests, to keep the run under its budget.
    "$bin/pytest" --durations=40 "$@" || status=$?
    return "$status"
}

main() {
    local command=${1:-}
    if [ $# -gt 0 ]; then shift; fi
    case $command in
        serve)
            install_all
            step "obeya serve $*"
            exec "$VENV/bin/obeya" serve "$@"
            ;;
        test)
            install_all
            run_tests "$@"
            ;;
        install)
            install_all
            ;;
        -h | --help | help)
            usage
            ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
