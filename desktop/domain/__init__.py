"""Pure domain rules: no Qt, no SQL. Vocabularies, calendar, deadlines, statistics formats, checks."""
