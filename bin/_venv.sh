# Sourced by bin/demo and bin/test: creates .venv with Python 3.11 and installs the locked
# dependencies (requirements/test.txt, made from pyproject.toml by uv: see README) and the
# project whenever either file changed since the last install; then checks that the system
# libraries WeasyPrint needs are there and says how to install them if not.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON_BIN="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $PYTHON_BIN"
    "$PYTHON_BIN" -m venv .venv
fi
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
    || [ requirements/test.txt -nt .venv/.installed ]; then
    echo "Installing the locked dependencies into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements/test.txt
    .venv/bin/python -m pip install --quiet --no-deps -e .
    touch .venv/.installed
fi
if ! weasyprint_error="$(.venv/bin/python -c 'import weasyprint' 2>&1)"; then
    cat >&2 <<MESSAGE
WeasyPrint (the PDF renderer) cannot load its system libraries:
${weasyprint_error##*$'\n'}
Install Pango and HarfBuzz, then run this again:
  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  Fedora:        sudo dnf install pango harfbuzz dejavu-sans-fonts
  macOS:         brew install pango
MESSAGE
    exit 1
fi
# The interface's translations (locale/<language>/LC_MESSAGES/django.po) compiled to .mo
# whenever a .po is newer: Django's compilemessages where GNU gettext is installed,
# otherwise Babel's compiler (a dependency), so a fresh machine needs nothing more.
stale_translations=()
for po in locale/*/LC_MESSAGES/django.po; do
    [ -f "$po" ] || continue
    [ "${po%.po}.mo" -nt "$po" ] || stale_translations+=("$po")
done
if [ ${#stale_translations[@]} -gt 0 ]; then
    if command -v msgfmt >/dev/null 2>&1; then
        .venv/bin/python manage.py compilemessages --verbosity 0 --ignore ".venv" --ignore "bench"
    else
        for po in "${stale_translations[@]}"; do
            .venv/bin/pybabel --quiet compile --domain django --input-file "$po" \
                --output-file "${po%.po}.mo"
        done
    fi
fi
