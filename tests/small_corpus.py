"""Two short invented announcements, written for these tests: one with a paragraph long enough to be split."""

from __future__ import annotations

from pathlib import Path

from ingest import ingest_paths, open_index
from settings import Settings

FERRY = """Tallow Bay, 2 March 2026

The Tallow Bay Ferry Company will replace its two diesel boats with three battery-electric vessels built at \
the Kessock yard. Each vessel carries 180 passengers and 24 cars, and charges at the quay in the twelve \
minutes it waits between crossings. The company ordered the vessels after a two-year trial in which a hired \
electric boat ran the late-evening service without missing a sailing. Work on the charging points at both \
quays starts in June, and the old boats will keep running until the new ones have passed their sea trials. \
Passengers will see little change at first: the timetable, the fares and the booking system stay as they are, \
and season tickets bought this spring remain valid on the new vessels. The company expects the quieter engines \
to be welcomed by people living near the harbour, who have complained about noise from the diesel boats for \
years. The first electric vessel is due to enter service on 14 September 2026, and the crossing will then \
take 25 minutes instead of 35.

Dana Whitfield, Chief Executive of the Tallow Bay Ferry Company, said the new vessels would halve the \
company's fuel bill and make the crossing quieter for passengers and neighbours alike.
"""

LIBRARY = """Marlow Street, 9 April 2026

Marlow Street Library will open on Sundays from 4 May 2026, between 11 in the morning and 4 in the \
afternoon, for a trial of one year.

The council has hired six extra staff for the Sunday opening, paid for by a grant of 85,000 pounds from the \
Harwell Trust, and will decide after the trial whether to keep the library open on Sundays.
"""

FERRY_FACT = "enter service on 14 September 2026"  # in the second passage of the long paragraph
LIBRARY_FACT = "open on Sundays from 4 May 2026"


def write_small_corpus(folder: Path) -> Path:
    """The two announcements as text files in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tallow-bay-ferries.txt").write_text(FERRY, encoding="utf-8")
    (folder / "marlow-street-library.txt").write_text(LIBRARY, encoding="utf-8")
    return folder


def small_index(folder: Path) -> Settings:
    """Settings (extractive) over an index of the two announcements, built in ``folder``."""
    corpus = write_small_corpus(folder / "corpus")
    settings = Settings(index_path=folder / "index", corpus_path=corpus, llm="extractive")
    ingest_paths([corpus], open_index(settings), progress=False, settings=settings)
    return settings
