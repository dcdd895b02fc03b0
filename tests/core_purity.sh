#!/usr/bin/env bash
# The domain core does no I/O: no storage, network, file, logging or parsing
# library may be included below src/core, and no adapter either (STYLE.md 1).
# The application boundary (src/application, optional second argument) does
# no I/O either; it may use the JSON codec, nothing that touches files,
# sockets, databases or logs.
set -euo pipefail
core="$1"
application="${2:-}"
core_tests="${3:-}"
bad=$(grep -rnE '#include *<(sqlite3|pqxx|boost|toml\+\+|nlohmann|spdlog|fstream|iostream|filesystem|thread|xapian|fasttext|CLI)' "$core" || true)
if [[ -n "$bad" ]]; then
  echo "core_purity: the core includes an I/O library:"; echo "$bad"; exit 1
fi
bad=$(grep -rnE '#include *"(adapters|application|app)/' "$core" || true)
if [[ -n "$bad" ]]; then
  echo "core_purity: the core includes an outer layer:"; echo "$bad"; exit 1
fi
if [[ -n "$application" ]]; then
  bad=$(grep -rnE '#include *<(sqlite3|pqxx|boost|toml\+\+|spdlog|fstream|iostream|filesystem|thread|xapian|fasttext|CLI)' "$application" || true)
  bad+=$(grep -rnE '#include *"(app|adapters/(sqlite|http|toml|xapian|sodium|open311|scenario|fasttext|liblinear|xlsx))/' "$application" || true)
  if [[ -n "$bad" ]]; then
    echo "core_purity: the application boundary includes I/O:"; echo "$bad"; exit 1
  fi
fi
if [[ -n "$core_tests" ]]; then
  # The core's tests link the core only (issue 9): no adapter, no outer layer.
  bad=$(grep -rnE '#include *"(adapters|application|app)/' "$core_tests" || true)
  if [[ -n "$bad" ]]; then
    echo "core_purity: a core test includes an adapter:"; echo "$bad"; exit 1
  fi
fi
echo "core_purity: ok"
