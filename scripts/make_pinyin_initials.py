"""Regenerate resources/pinyin_initials.txt from pypinyin (MIT): the first letter of each CJK
character's first reading, so the app needs no pinyin library at run time.

    python scripts/make_pinyin_initials.py   (needs: pip install pypinyin)

Line 1 covers U+3400–U+4DBF, line 2 U+4E00–U+9FFF; one letter per code point, '-' for none.
"""

import unicodedata
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
OUT = Path(__file__).resolve().parents[1] / "resources" / "pinyin_initials.txt"


def letter(code: int) -> str:
    readings = pinyin_dict.get(code)
    return unicodedata.normalize("NFD", readings)[0].lower() if readings else "-"


def main() -> None:
    lines = ["".join(letter(c) for c in range(first, last + 1)) for first, last in RANGES]
    OUT.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"wrote {OUT} ({sum(map(len, lines))} characters)")


if __name__ == "__main__":
    main()
