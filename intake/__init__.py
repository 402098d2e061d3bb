"""Intake: from a source's file or text to plain text, and from that text to suggested draft
entries. Pure functions of their inputs: no SQL (the archive hands in what it knows), no Flask,
no Whoosh, no WTForms."""
