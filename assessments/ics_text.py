"""Text for calendar properties, escaped per RFC 5545 whatever it holds.

Kept apart from the calendar's layout so every text property of every calendar export goes
through one function: icalendar escapes a property only when it knows its type, and it does
not know X- properties such as X-WR-CALNAME, which then carried a bare CR into the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported on first use, with the calendar export (see exports/ics.py)
    from icalendar import vText

_ICS_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ics_text(value: str) -> vText:
    """A TEXT property value, escaped per RFC 5545 (`\\ ; , ` and line breaks as `\\n`).

    Every text property goes through here: an X- property such as X-WR-CALNAME is not escaped
    by the library unless given as vText. CR LF and a bare CR become one line break; other
    controls (which TEXT may not hold) are dropped. The library folds lines at 75 octets.
    """
    from icalendar import vText

    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return vText(_ICS_DROP.sub("", text))
