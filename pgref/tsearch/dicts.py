"""Text search dictionaries: simple and the Snowball stemmers (PostgreSQL's
dict_simple.c, dict_snowball.c).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Dictionaries").  A
dictionary's ``lexize(token)`` returns None when it does not recognize the
token (the next dictionary in the mapping is tried), an empty list for a
stop word (the token is dropped but still takes a position), or the
normalized lexemes.

* ``simple`` lower-cases the token (str_tolower in the C collation: ASCII
  and Unicode letters alike) and accepts it.
* ``english_stem`` lower-cases, drops English stop words, and stems with
  the Snowball English (Porter2) algorithm -- the same algorithm PostgreSQL
  compiles in, here through the ``snowballstemmer`` package, which must
  be version 2.2.0 -- PostgreSQL 15's Snowball release; Snowball 3 changed
  the English rules (``added`` -> ``add``, PostgreSQL gives ``ad``).

The stop-word list ``data/english.stop`` is a verbatim copy of PostgreSQL
15's ``share/tsearch_data/english.stop`` (127 words), shipped with pgref so
no PostgreSQL installation is needed at run time.

Entry points: Dictionary, DICTIONARIES (by OID), dictionary_by_name(),
load_stopwords().
"""
from __future__ import annotations

import functools
import pathlib

from pgref.errors import FEATURE_NOT_SUPPORTED, PgError

_DATA = pathlib.Path(__file__).resolve().parent / "data"


@functools.lru_cache(maxsize=None)
def load_stopwords(name: str) -> frozenset[str]:
    """readstoplist(): one word a line, lower-cased, blank lines ignored."""
    words = set()
    with (_DATA / f"{name}.stop").open(encoding="utf-8") as f:
        for line in f:
            w = line.strip().lower()
            if w:
                words.add(w)
    return frozenset(words)


class Dictionary:
    def __init__(self, oid: int, name: str, template: str, init_option: str | None = None,
                 stopwords: str | None = None, language: str | None = None):
        self.oid = oid
        self.name = name
        self.template = template
        self.init_option = init_option
        self.stopwords = stopwords
        self.language = language
        self._stemmer = None

    def lexize(self, token: str) -> list[str] | None:
        word = token.lower()
        if self.stopwords and word in load_stopwords(self.stopwords):
            return []
        if self.template == "simple":
            return [word]
        if not word:
            return []
        if self._stemmer is None:
            try:
                import snowballstemmer
            except ModuleNotFoundError:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'text search dictionary "{self.name}" needs the Python package '
                              '"snowballstemmer", which is not installed') from None
            stemmer = snowballstemmer.stemmer(self.language)
            # Snowball 3 changed English rules PostgreSQL 15 still has:
            # refuse rather than give answers PostgreSQL would not
            if self.language == "english" and stemmer.stemWord("added") != "ad":
                raise PgError(FEATURE_NOT_SUPPORTED,
                              f'text search dictionary "{self.name}" needs snowballstemmer 2.2.0 '
                              "(PostgreSQL 15's Snowball release); the installed version stems "
                              "differently")
            self._stemmer = stemmer
        return [self._stemmer.stemWord(word)]


DICTIONARIES: dict[int, Dictionary] = {
    3765: Dictionary(3765, "simple", "simple"),
    13163: Dictionary(13163, "english_stem", "snowball",
                      "language = 'english', stopwords = 'english'", "english", "english"),
}


def dictionary_by_name(name: str) -> Dictionary | None:
    for d in DICTIONARIES.values():
        if d.name == name:
            return d
    return None
