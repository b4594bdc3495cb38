#!/usr/bin/env bash
# Reproduce locatieplanner/web/static/vendor/ (Leaflet & co.) from the npm registry, exact versions.
#
#   scripts/vendor.sh              rebuild the vendor folder (README.md there is kept)
#   scripts/vendor.sh --controleer rebuild in a temp dir and compare with the committed folder
#
# Only needed when the versions change: the vendor folder is committed, so installing and
# running the app never needs npm or the internet. Needs npm (Debian: apt-get install npm).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST="$ROOT/locatieplanner/web/static/vendor"
MODUS=${1:-bouwen}
case "$MODUS" in
    bouwen | --controleer) ;;
    *) echo "gebruik: $0 [--controleer]" >&2; exit 2 ;;
esac

PAKKETTEN=(
    leaflet@1.9.3
    leaflet-draw@1.0.4
    leaflet.markercluster@1.1.0
    jquery@3.7.1
    bootstrap@5.2.2
    @fortawesome/fontawesome-free@6.2.0
    leaflet.awesome-markers@2.0.5
)

WERK=$(mktemp -d)
trap 'rm -rf "$WERK"' EXIT
echo '{"name": "locatieplanner-vendor", "private": true}' >"$WERK/package.json"
# --ignore-scripts: Font Awesome's postinstall only prints an attribution notice.
npm install --prefix "$WERK" --no-audit --no-fund --ignore-scripts --save-exact "${PAKKETTEN[@]}" >&2
NM="$WERK/node_modules"
UIT="$WERK/vendor"

# kopieer BRON DOEL: one file from node_modules/BRON to vendor/DOEL
kopieer() {
    mkdir -p "$(dirname "$UIT/$2")"
    cp "$NM/$1" "$UIT/$2"
}

# Leaflet 1.9.3 (BSD-2-Clause); the css needs layers*.png and marker-icon.png, the js the others.
kopieer leaflet/LICENSE leaflet/LICENSE
kopieer leaflet/dist/leaflet.js leaflet/leaflet.js
kopieer leaflet/dist/leaflet.css leaflet/leaflet.css
for f in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
    kopieer "leaflet/dist/images/$f" "leaflet/images/$f"
done

# Leaflet.draw 1.0.4 (MIT). The npm package ships no licence file: write the MIT text with the
# copyright line from the header of leaflet.draw.js.
kopieer leaflet-draw/dist/leaflet.draw.js leaflet-draw/leaflet.draw.js
kopieer leaflet-draw/dist/leaflet.draw.css leaflet-draw/leaflet.draw.css
for f in spritesheet.png spritesheet-2x.png spritesheet.svg; do
    kopieer "leaflet-draw/dist/images/$f" "leaflet-draw/images/$f"
done
cat >"$UIT/leaflet-draw/LICENSE" <<'EOF'
Copyright (c) 2012-2017, Jacob Toye, Jon West, Smartrak, Leaflet

(The leaflet-draw 1.0.4 npm package declares "license": "MIT" in its package.json but ships no
licence file; this is the MIT licence text with the copyright line of dist/leaflet.draw.js.)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
EOF

# Leaflet.markercluster 1.1.0 (MIT)
kopieer leaflet.markercluster/MIT-LICENCE.txt leaflet.markercluster/MIT-LICENCE.txt
for f in leaflet.markercluster.js MarkerCluster.css MarkerCluster.Default.css; do
    kopieer "leaflet.markercluster/dist/$f" "leaflet.markercluster/$f"
done

# jQuery 3.7.1 (MIT)
kopieer jquery/LICENSE.txt jquery/LICENSE.txt
kopieer jquery/dist/jquery.min.js jquery/jquery.min.js

# Bootstrap 5.2.2 (MIT); the css only references data: URLs.
kopieer bootstrap/LICENSE bootstrap/LICENSE
kopieer bootstrap/dist/css/bootstrap.min.css bootstrap/css/bootstrap.min.css
kopieer bootstrap/dist/js/bootstrap.bundle.min.js bootstrap/js/bootstrap.bundle.min.js

# Font Awesome Free 6.2.0 (icons CC-BY-4.0, fonts OFL-1.1, code MIT); all.min.css references
# ../webfonts/*.woff2 and *.ttf.
FA=@fortawesome/fontawesome-free
kopieer "$FA/LICENSE.txt" fontawesome-free/LICENSE.txt
kopieer "$FA/css/all.min.css" fontawesome-free/css/all.min.css
for f in "$NM/$FA"/webfonts/*.woff2 "$NM/$FA"/webfonts/*.ttf; do
    kopieer "$FA/webfonts/$(basename "$f")" "fontawesome-free/webfonts/$(basename "$f")"
done

# Leaflet.awesome-markers 2.0.5 (licence text MIT-style, package.json says ISC); the css
# references the soft and shadow sprites.
kopieer leaflet.awesome-markers/LICENSE leaflet.awesome-markers/LICENSE
kopieer leaflet.awesome-markers/dist/leaflet.awesome-markers.min.js leaflet.awesome-markers/leaflet.awesome-markers.min.js
kopieer leaflet.awesome-markers/dist/leaflet.awesome-markers.css leaflet.awesome-markers/leaflet.awesome-markers.css
for f in markers-soft.png markers-soft@2x.png markers-shadow.png markers-shadow@2x.png; do
    kopieer "leaflet.awesome-markers/dist/images/$f" "leaflet.awesome-markers/images/$f"
done

if [ "$MODUS" = --controleer ]; then
    if diff -r -x README.md "$UIT" "$DEST"; then
        echo "vendor-map klopt met npm ($(du -sh "$DEST" | cut -f1))"
    else
        echo "vendor-map wijkt af van npm: voer scripts/vendor.sh uit" >&2
        exit 1
    fi
    exit 0
fi

if [ -f "$DEST/README.md" ]; then
    cp "$DEST/README.md" "$UIT/README.md"
fi
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
cp -r "$UIT" "$DEST"
echo "vendor-map opnieuw gebouwd: $DEST ($(du -sh "$DEST" | cut -f1), $(find "$DEST" -type f | wc -l) bestanden)"
