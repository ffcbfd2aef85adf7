"""What a commit changed, so that each view refreshes only what it shows (Anki's OpChanges).

Every write to the register ends with `Register.notify(Changes(...))`. A letter recorded says
`letters`, a 表二 figure `figures`, a holiday notice `calendar` (and `applications`, since due dates
were re-derived), a restore `register_replaced`. The window's views read the flags: the register
table ignores a letter, the report window ignores a calendar change that moved no due date.
Qt-free, so the store and the CLI use it too; `desktop.ui.events` carries it as a Qt signal.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    applications: bool = False  # rows added, edited, deleted, restored, due dates re-derived
    calendar: bool = False  # the holiday calendar (work days) changed
    figures: bool = False  # 表二 figures typed by hand (annual_figures)
    letters: bool = False  # a letter was issued (its number recorded), office settings
    documents: bool = False  # the 规章和规范性文件 register (it counts table 二's first block)
    register_replaced: bool = False  # a restore swapped the file: everything is new

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches(self, *names: str) -> bool:
        """True if any of these kinds changed, or the whole register was replaced."""
        return self.register_replaced or any(getattr(self, name) for name in names)


NOTHING = Changes()
APPLICATIONS = Changes(applications=True)
# What a listener must assume when it is not told (an old-style notify()): everything moved.
EVERYTHING = Changes(applications=True, calendar=True, figures=True, letters=True, documents=True)
