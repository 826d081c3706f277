#!/usr/bin/env bash
# Copy the NL Design System CSS that Koers uses from the npm registry into
# src/koers/static/vendor/, with the licence files. The copied files are committed, so installing
# and running Koers needs no Node.js; only refreshing them does.
#
# Usage: scripts/vendor-static.sh     (after changing the pinned versions in package.json, run
#                                      `npm install --package-lock-only` first)
#
# What it copies (see src/koers/static/vendor/README.md):
#   @utrecht/component-library-css            dist/index.css              (unchanged)
#   @nl-design-system-unstable/voorbeeld-design-tokens
#                                             dist/theme.css -> dist/koers-theme.css
#                                             (only the theme class renamed: .voorbeeld-theme ->
#                                             .koers-theme; src/koers/static/koers/theme.css
#                                             imports it and tunes the tokens)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$repo/src/koers/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is needed to refresh the vendored CSS" >&2; exit 1; }

cp "$repo/package.json" "$repo/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
modules="$work/node_modules"

version() { node -p "require('$1/package.json').version"; }

# Utrecht component library CSS (one bundle of every component's CSS).
src="$modules/@utrecht/component-library-css"
dest="$vendor/utrecht/component-library-css"
rm -rf "$dest"
mkdir -p "$dest/dist"
cp "$src/dist/index.css" "$dest/dist/index.css"
cp "$src/LICENSE.md" "$dest/LICENSE.md"
utrecht_version="$(version "$src")"

# Voorbeeld design tokens, re-scoped to our theme class.
src="$modules/@nl-design-system-unstable/voorbeeld-design-tokens"
dest="$vendor/nl-design-system-unstable/voorbeeld-design-tokens"
rm -rf "$dest"
mkdir -p "$dest/dist"
tokens_version="$(version "$src")"
{
  printf '/*\n * @nl-design-system-unstable/voorbeeld-design-tokens %s, dist/theme.css\n' "$tokens_version"
  printf ' * @license EUPL-1.2 (see LICENSE.md beside this folder)\n'
  printf ' * Copied by scripts/vendor-static.sh; the only change: the theme class renamed to .koers-theme.\n */\n'
  sed 's/\.voorbeeld-theme\b/.koers-theme/g' "$src/dist/theme.css"
} >"$dest/dist/koers-theme.css"
cp "$src/LICENSE.md" "$dest/LICENSE.md"

if sed '1,5d' "$dest/dist/koers-theme.css" | grep -q '\.voorbeeld-theme'; then
  echo "the theme class was not renamed everywhere" >&2
  exit 1
fi

echo "Vendored @utrecht/component-library-css $utrecht_version and" \
  "@nl-design-system-unstable/voorbeeld-design-tokens $tokens_version into $vendor"
