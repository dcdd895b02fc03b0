#!/usr/bin/env bash
# clang-tidy over the project's own sources (every src/**/*.cc the build
# compiles; headers under src/ are covered through HeaderFilterRegex) with
# .clang-tidy, in parallel on all cores. Tests are not checked.
#
# Usage: tools/tidy.sh BUILD_DIR [--changed REF]
#   BUILD_DIR: any configured build with compile_commands.json (configure
#   with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON). A relative path is taken from
#   the current directory, or else from the repository root.
#   --changed REF: only the sources a change touches: the src/**/*.cc that
#   differ from REF, and the .cc beside each src/**/*.h that differs (CI runs
#   it with the landing commit's first parent).
#
# Prints every finding and exits 1 if there is any (a warning, an error, or
# clang-tidy failing on a file); prints "tidy: ok" only when all are clean.
# Exits 2 on a usage or setup problem.
set -euo pipefail

die() {
  echo "tidy: $*" >&2
  exit 2
}

usage="usage: $0 BUILD_DIR [--changed REF] (a build configured with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)"
(($# == 1 || $# == 3)) || die "$usage"
changed_since=""
if (($# == 3)); then
  [[ $2 == --changed ]] || die "$usage"
  changed_since=$3
fi

root=$(cd "$(dirname "$0")/.." && pwd -P)
if [[ -d $1 ]]; then
  build=$(cd "$1" && pwd -P)
elif [[ $1 != /* && -d $root/$1 ]]; then
  build=$(cd "$root/$1" && pwd -P)
else
  die "no such build directory: $1"
fi
db=$build/compile_commands.json
[[ -f $db ]] || die "$db not found; configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON"

tidy=${CLANG_TIDY:-clang-tidy}
command -v "$tidy" >/dev/null || die "$tidy not found (set CLANG_TIDY to pick another binary)"
command -v jq >/dev/null || die "jq not found (needed to read $db)"

# The sources to check: every src/**/*.cc that this build compiles.
compiled=$(jq -r '.[] | if (.file | startswith("/")) then .file
                        else .directory + "/" + .file end' "$db") ||
  die "cannot read $db"
files=()
while IFS= read -r f; do
  [[ -f $f ]] && files+=("$f")
done < <(grep -E "^$root/src/.*\.cc$" <<<"$compiled" | sort -u)
((${#files[@]})) || die "$db compiles no file under $root/src"

if [[ -n $changed_since ]]; then
  git -C "$root" rev-parse --verify --quiet "$changed_since^{commit}" >/dev/null ||
    die "--changed: no such commit: $changed_since"
  wanted=$(git -C "$root" diff --name-only --diff-filter=d "$changed_since" -- 'src/*.cc' 'src/*.h' |
    sed -E "s|\.h$|.cc|; s|^|$root/|" | sort -u)
  kept=()
  for f in "${files[@]}"; do
    grep -qxF -- "$f" <<<"$wanted" && kept+=("$f")
  done
  if ((${#kept[@]} == 0)); then
    echo "tidy: ok (no source under src/ changed since $changed_since)"
    exit 0
  fi
  files=("${kept[@]}")
fi

# A source under src/ that the build does not compile cannot be checked (its
# flags are unknown): name it, so that it is not skipped unnoticed.
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do
    [[ -f $root/$f ]] || continue # deleted in the worktree
    grep -qxF -- "$root/$f" <<<"$compiled" ||
      echo "tidy: note: $f is not compiled by $build (not in the build, or re-run cmake); not checked" >&2
  done < <(git -C "$root" ls-files -z --cached --others --exclude-standard -- 'src/*.cc')
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Boost 1.74's Asio turns co_await support on for GCC 10+ but, under clang,
# only with the old Coroutines TS; clang 14 in C++20 mode has the standard
# coroutines that GCC uses, so say so, or code using asio::awaitable does not
# parse. (Harmless where Asio is not included.)
#
# One clang-tidy per file, nproc at a time. Each file's output goes to its
# own log (so parallel runs do not interleave) with its exit status beside it.
export TIDY=$tidy BUILD=$build LOGS=$logs
# shellcheck disable=SC2016 # the inner script expands its own variables
printf '%s\0' "${files[@]}" | xargs -0 -r -n 1 -P "$(nproc)" bash -c '
  log=$LOGS/$(printf %s "$1" | tr / _)
  rc=0
  "$TIDY" -p "$BUILD" --quiet --extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 "$1" >"$log.out" 2>&1 || rc=$?
  echo "$rc" >"$log.rc"
' tidy-one

failed=0
for f in "${files[@]}"; do
  log=$logs/$(printf %s "$f" | tr / _)
  rc=$(cat "$log.rc" 2>/dev/null || echo "no result")
  # clang-tidy's "N warnings generated." counts are noise (they include the
  # diagnostics that are switched off); anything else it prints matters.
  out=$(grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$log.out" || true)
  if [[ $rc != 0 ]] || grep -qE ': (warning|error):' <<<"$out"; then
    failed=$((failed + 1))
    echo "=== ${f#"$root"/} (clang-tidy exit status $rc)"
    printf '%s\n' "$out"
  fi
done

if ((failed)); then
  # A finding in a header shows up once per file that includes it.
  findings=$(cat "$logs"/*.out | grep -cE ': (warning|error): .*\[[^]]+\]$' || true)
  unique=$(cat "$logs"/*.out | grep -E ': (warning|error): .*\[[^]]+\]$' | sort -u | wc -l)
  echo "tidy: FAILED: $failed of ${#files[@]} files ($unique distinct findings, $findings in all)" >&2
  exit 1
fi
echo "tidy: ok"
