#!/usr/bin/env bash
# The domain core does no I/O: no storage, network, file, logging or parsing
# library may be included below src/core. (STYLE.md 1)
set -euo pipefail
core="$1"
bad=$(grep -rnE '#include *<(sqlite3|pqxx|boost|toml\+\+|nlohmann|spdlog|fstream|iostream|filesystem|thread|xapian|fasttext|CLI)' "$core" || true)
if [[ -n "$bad" ]]; then
  echo "core_purity: the core includes an I/O library:"; echo "$bad"; exit 1
fi
echo "core_purity: ok"
