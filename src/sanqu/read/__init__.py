"""Files to checked models: which files, text and encodings, YAML with positions, spreadsheets,
pydantic's problems, checks across records, the allocation file, the assessment."""
