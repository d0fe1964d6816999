"""Fail if a Danish catalogue has an untranslated or fuzzy entry.

The UI is Danish by default and msgids are English, so an empty Danish
msgstr would show English to Danish users.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_KEYWORD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


def blocks(path: Path) -> list[tuple[bool, dict[str, str]]]:
    """Each entry as (fuzzy, {keyword: text})."""
    result = []
    for chunk in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = _KEYWORD.match(line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        result.append((fuzzy, fields))
    return result


def main() -> int:
    problems = []
    for po in sorted(ROOT.glob("hjemtilos/**/locale/da/LC_MESSAGES/django.po")):
        for fuzzy, fields in blocks(po):
            msgid = fields.get("msgid", "")
            if not msgid:
                continue  # the header
            translations = [v for k, v in fields.items() if k.startswith("msgstr")]
            if fuzzy:
                problems.append(f"{po.relative_to(ROOT)}: fuzzy: {msgid[:70]!r}")
            elif not translations or not all(translations):
                problems.append(f"{po.relative_to(ROOT)}: untranslated: {msgid[:70]!r}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} Danish translation(s) missing or fuzzy")
        return 1
    print("Danish catalogues complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
