#!/usr/bin/env bash
# Lints the three Dockerfiles offline with npm's dockerfile-utils (installed once under artifacts/npm) and checks that
# the deployment descriptors parse. Any diagnostic, warning or error, fails the run: dockerfile-utils itself exits 0
# on warnings, so its JSON output is counted instead.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$repo/images"
# Pinned so that a new rule in a later release cannot fail CI without a change here.
linter_version="0.16.3"
prefix="$repo/artifacts/npm"
linter="$prefix/node_modules/.bin/dockerfile-utils"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "lint.sh: node and npm are required; install them with: sudo apt-get install -y nodejs npm" >&2
  exit 1
fi
if [[ ! -x "$linter" ]] || [[ "$("$linter" --version)" != *"$linter_version"* ]]; then
  npm install --silent --no-save --no-audit --no-fund --prefix "$prefix" "dockerfile-utils@$linter_version" >/dev/null
fi

failures=0
for dockerfile in "$images"/*/Dockerfile; do
  name="${dockerfile#"$repo"/}"
  diagnostics="$("$linter" lint --json "$dockerfile")"
  count="$(node -e 'console.log(JSON.parse(process.argv[1]).length)' "$diagnostics")"
  if [[ "$count" == 0 ]]; then
    echo "ok    $name"
  else
    echo "FAIL  $name: $count problem(s)"
    "$linter" lint "$dockerfile" | sed 's/^/      /'
    failures=$((failures + 1))
  fi
done

# The descriptors: JSON must parse; YAML too when PyYAML is there (CloudFormation's !Ref and !GetAtt tags accepted).
for descriptor in "$images"/*/*.json; do
  name="${descriptor#"$repo"/}"
  if python3 -m json.tool "$descriptor" >/dev/null; then echo "ok    $name"; else echo "FAIL  $name"; failures=$((failures + 1)); fi
done
if python3 -c 'import yaml' 2>/dev/null; then
  for descriptor in "$images"/*/*.yaml; do
    name="${descriptor#"$repo"/}"
    if python3 - "$descriptor" <<'PY'
import sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
yaml.load(open(sys.argv[1]), Loader=Loader)
PY
    then echo "ok    $name"; else echo "FAIL  $name"; failures=$((failures + 1)); fi
  done
else
  echo "skip  images/*/*.yaml (PyYAML not installed)"
fi

bash -n "$images/build.sh" && echo "ok    images/build.sh (bash -n)"

if [[ $failures -gt 0 ]]; then
  echo "lint.sh: $failures file(s) with problems" >&2
  exit 1
fi
