"""The array engine: Whoosh's index files, read and scored as numpy arrays.

What it is. The rest of `index/` speaks Whoosh: it builds the schema and the documents, writes
them with Whoosh's writer and parses queries with Whoosh's parser. This package sits under
that side. It writes the postings in a layout of its own inside whoosh3's files (codec.py,
phrases.py), reads segment files in place from the memory map (mapped.py), reads whole posting
lists and columns as arrays (postings.py, caches.py), scores every match of a parsed query at
once with Whoosh's own BM25F formula (matching.py), and keeps per index generation what a
search needs again: facet values, dates, live documents, recent answers (generation.py). Its
results and scores are Whoosh's (tests/test_index_engine.py compares them query by query); a
query kind it does not know goes to Whoosh's own search.

Why it exists. Plain Whoosh answered a first search at 100,000 entries in 68 to 779 ms and a
server held 944 MB; with this engine every query kind takes 18 to 42 ms (median, first time
asked) and the server 200 MB (bench/results-100k.txt, README "Performance", docs/search.md).
What Whoosh was too slow at, each measured at 100,000 entries:
- it scores one posting at a time, through several Python calls each, and a common word has
  tens of thousands of postings: stepping through them was most of a search (matching.py);
- it pickles each block of postings as Python numbers: unpickling them was a third of a first
  search (codec.py), and each posting's word positions were pickled too, read by every search
  though only phrases need them (phrases.py);
- it copies every file of a mapped segment onto the heap, again for each new searcher, so a
  server held the index twice (mapped.py);
- its column readers unpack one document at a time, and counts, facets and date order were
  Python loops over every match (generation.py, postings.py).

What it depends on. whoosh3, pinned in requirements.txt: the engine subclasses whoosh3's codec,
segment, matcher and file classes and reads some of their private attributes and file layouts.
Every one of those is imported and described in one place, whoosh3_internals.py, and
tests/test_whoosh_internals.py fails, naming the internal, when an upgrade changes one
(docs/index.md says what to do then). Besides: numpy, cachetools, and the field names of
index/schema.py. Import from its modules (`from index.engine.codec import CODEC`): this file
imports nothing, because index/schema.py needs phrases.py while generation.py needs the schema.
"""
