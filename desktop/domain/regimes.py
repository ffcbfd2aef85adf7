"""Which Regulation governs an application (contract decision 5): the 2008 or the 2019 rules.

Kept apart from `deadlines` so that record validation (`application`) can ask for the extension
limit without importing the counting rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REGULATION_2019_START = date(2019, 5, 15)


@dataclass(frozen=True)
class Regime:
    name: str
    answer_days: int
    extension_days: (
        int  # the most an extension may add (2019 第三十三条第二款; 2008 第二十四条第二款)
    )
    answer_article: str  # where the answer period is set
    extension_article: str


REGIME_2008 = Regime(
    "2008年条例", 15, 15, "2008年条例第二十四条第二款", "2008年条例第二十四条第二款"
)
REGIME_2019 = Regime("2019年条例", 20, 20, "第三十三条第二款", "第三十三条第二款")


def regime_for(receipt: date) -> Regime:
    """Decision 5: the rule set follows the receipt date."""
    return REGIME_2019 if receipt >= REGULATION_2019_START else REGIME_2008
