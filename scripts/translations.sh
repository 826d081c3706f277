#!/usr/bin/env bash
# Update the Dutch and English message catalogues in src/koers/locale/ and compile them.
#
# Usage: scripts/translations.sh      (from the repository root, after changing texts in code or
#                                      templates)
#
# What it does:
#   1. Collects the message ids from our own package (src/koers) into
#      src/koers/locale/{nl,en}/LC_MESSAGES/django.po (Django's makemessages; entries that are no
#      longer used are dropped).
#   2. English: every msgstr becomes its msgid (plural: msgstr[0] = msgid, msgstr[1] = msgid_plural).
#      Message ids are English, so this is the complete English translation.
#   3. Dutch: entries that are still empty are filled from the Dutch catalogues of django-allauth and
#      Django itself, but only where their msgid is exactly the same and their translation is
#      final (not fuzzy). Our own translations always win.
#   4. Compiles the catalogues (.mo files, committed along with the .po files).
#
# Afterwards it lists what still needs a translator in the Dutch catalogue: empty entries and
# "fuzzy" entries (a suggestion from a similar, older text; not used by the application until a
# translator has checked it and removed the fuzzy flag). Check the Dutch texts that came from the
# libraries' catalogues too: they must use our terms (see docs) and "je".
#
# Running it again without changing any texts changes nothing.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$repo/src/koers"
locale="$package/locale"
site_packages="$repo/.venv/lib/python3.12/site-packages"
nl="$locale/nl/LC_MESSAGES/django.po"
en="$locale/en/LC_MESSAGES/django.po"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for program in msgmerge msgattrib msgen msgfilter msgfmt; do
    command -v "$program" >/dev/null || { echo "$program (GNU gettext) is needed" >&2; exit 1; }
done

# Write $2 over $1 only when the content differs, so an unchanged catalogue stays untouched.
replace_if_changed() {
    if ! cmp -s "$1" "$2"; then
        cp "$2" "$1"
    fi
}

# 1. Collect the message ids of our own package only.
mkdir -p "$locale"
(cd "$package" && uv run koers makemessages -l nl -l en --no-obsolete --ignore '.venv/*' --verbosity 0)

# 2. English: empty every msgstr (so changed or fuzzy-matched entries cannot keep an old text),
#    then copy each msgid into its msgstr. The header is kept as it is.
msgfilter --force-po --keep-header -i "$en" -o "$work/en-empty.po" sed -e d
msgen --force-po "$work/en-empty.po" -o "$work/en-filled.po"
msgattrib --force-po --clear-fuzzy --clear-previous --no-obsolete "$work/en-filled.po" -o "$work/en.po"
replace_if_changed "$en" "$work/en.po"

# 3. Dutch: fill empty entries from the libraries' Dutch catalogues. Only their final translations
#    are offered (fuzzy and empty ones are dropped first), and msgmerge runs without fuzzy
#    matching, so a suggestion is used only for exactly the same msgid.
compendia=()
for library_po in \
    "$site_packages/allauth/locale/nl/LC_MESSAGES/django.po" \
    "$site_packages/django/conf/locale/nl/LC_MESSAGES/django.po"; do
    if [[ ! -f "$library_po" ]]; then
        echo "missing $library_po (run 'uv sync' first)" >&2
        exit 1
    fi
    compendium="$work/compendium-${#compendia[@]}.po"
    msgattrib --force-po --translated --no-fuzzy --no-obsolete "$library_po" -o "$compendium"
    compendia+=(--compendium "$compendium")
done
# Our own translations are the definitions and win over the libraries'. Only entries with a text
# (final or fuzzy) go in: msgmerge counts an empty plural entry as translated and would not fill it.
msgattrib --force-po --translated "$nl" -o "$work/nl-own.po"
msgmerge --quiet --no-fuzzy-matching --previous "${compendia[@]}" "$work/nl-own.po" "$nl" -o "$work/nl.po"
msgattrib --force-po --no-obsolete "$work/nl.po" -o "$work/nl-clean.po"
replace_if_changed "$nl" "$work/nl-clean.po"

# 4. Check and compile.
msgfmt --check --output-file=/dev/null "$nl"
msgfmt --check --output-file=/dev/null "$en"
(cd "$package" && uv run koers compilemessages --verbosity 0)

# What is left for a translator: msgfmt's statistics (the header entry is not counted), e.g.
# "120 translated messages, 2 fuzzy translations, 3 untranslated messages."
statistics="$(LC_ALL=C msgfmt --statistics --output-file=/dev/null "$nl" 2>&1)"
if [[ "$statistics" == *fuzzy* || "$statistics" == *untranslated* ]]; then
    echo "Dutch catalogue ${nl#"$repo/"}: $statistics" >&2
    echo "Translate these entries (and remove the fuzzy flags once checked):" >&2
    echo "  msgattrib --untranslated --no-obsolete ${nl#"$repo/"}" >&2
    echo "  msgattrib --only-fuzzy --no-obsolete ${nl#"$repo/"}" >&2
fi
