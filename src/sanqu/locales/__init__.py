"""One module per language, each a STRINGS table; a new language is one new file here."""
