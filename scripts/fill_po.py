"""Fill empty or fuzzy msgstr entries of a .po file from a JSON dict {msgid: translation}.

Usage: python scripts/fill_po.py path/to/django.po translations.json
A maintenance helper for translators; it never overwrites a confirmed translation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

_KEYWORD = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def fill(po: Path, translations: dict[str, str]) -> int:
    chunks = po.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    out = []
    for chunk in chunks:
        lines = chunk.splitlines()
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = _KEYWORD.match(line.strip())
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line.strip()[1:-1]
        msgid = _unescape(fields.get("msgid", ""))
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if (
            msgid
            and msgid in translations
            and (fuzzy or not fields.get("msgstr"))
            and "msgid_plural" not in fields
        ):
            keep = [
                line
                for line in lines
                if not line.startswith("msgstr")
                and not (line.startswith('"') and _after_msgstr(lines, line))
                and not (line.startswith("#,") and "fuzzy" in line)
                and not line.startswith("#|")  # the previous msgid of a fuzzy match
            ]
            keep.append(f'msgstr "{_escape(translations[msgid])}"')
            lines = keep
            filled += 1
        out.append("\n".join(lines))
    po.write_text("\n\n".join(out), encoding="utf-8")
    return filled


def _after_msgstr(lines: list[str], target: str) -> bool:
    seen = False
    for line in lines:
        if line.startswith("msgstr"):
            seen = True
        elif line is target:
            return seen
    return False


if __name__ == "__main__":
    path, data = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    print(f"filled {fill(path, data)} entries in {path}")
