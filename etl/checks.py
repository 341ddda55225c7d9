"""Identifier checksums the contract asks to verify: ROR ids and ORCID iDs.

Each check takes the cell as written and returns the value to store, or None when the value
is shaped like such an identifier but its check digits are wrong. A value not shaped like one
(a staff number in `person_id`) is returned as it is; the column's pattern judges the shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # base 32 without i, l, o, u
_ROR_URL = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
_ROR = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_ORCID_URL = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
_ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def ror(value: str) -> str | None:
    """`https://ror.org/05dxps055` → `05dxps055`; None when the ISO 7064 Mod 97-10 checksum
    of the six base-32 characters fails."""
    written = _ROR_URL.sub("", value.strip())
    bare = written.lower()
    if not _ROR.match(bare):
        return written  # not a ROR id at all: kept as written, the pattern rule names it
    number = 0
    for char in bare[:7]:
        number = number * 32 + _CROCKFORD.index(char)
    return bare if 98 - (number * 100) % 97 == int(bare[7:]) else None


def orcid(value: str) -> str | None:
    """`https://orcid.org/0000-0002-1825-0097` → `0000-0002-1825-0097`; None when a value shaped
    like an ORCID iD fails its ISO 7064 11,2 check digit. Other values (staff numbers) pass."""
    stripped = value.strip()
    bare = _ORCID_URL.sub("", stripped).upper()
    if not _ORCID.match(bare):
        return stripped
    total = 0
    for char in bare[:-1].replace("-", ""):
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return bare if bare[-1] == ("X" if check == 10 else str(check)) else None


CHECKS: dict[str, Callable[[str], str | None]] = {"ror": ror, "orcid": orcid}
