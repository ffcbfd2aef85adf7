"""Files in and out: ledgers, statistics workbooks, consolidation, letters."""
