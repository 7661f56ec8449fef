#!/usr/bin/env bash
# Rebuild static/plotly/plotly-<version>-llw.min.js from the npm registry (Node.js 20+, npm).
# Only needed when the plotly.js version or the trace list in entry.js changes: the built file is
# committed, so running or testing the dashboard needs neither Node.js nor the network.
# The version follows plotly.py's own (requirements.txt) so figures it validates draw the same.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts
version="$(node -p 'require("plotly.js/package.json").version')"
out="$root/static/plotly/plotly-$version-llw.min.js"
rm -f "$root"/static/plotly/plotly-*-llw.min.js
# format/global/define as plotly.js's own esbuild-config.js; maplibre's CSS (pulled in by the
# core, for map traces we do not draw) goes to a side file that is not kept.
npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly \
    --define:global=window --define:define.amd=false --target=es2016 \
    --legal-comments=none --outfile="$out"
rm -f "${out%.js}.css"
{ printf '/*! plotly.js v%s (MIT, Plotly, Inc.): core, bar, pie, choropleth, scattergeo, locale vi. Built by scripts/plotly_bundle/build.sh */\n' "$version"; cat "$out"; } > "$out.tmp" && mv "$out.tmp" "$out"
cp node_modules/plotly.js/LICENSE "$root/static/plotly/LICENSE.plotly.js.txt"
rm -rf node_modules
echo "$out: $(wc -c < "$out") bytes"
