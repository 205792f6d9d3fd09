"""``finditer`` of a large alternation, with a multi-pattern engine as a prefilter.

A lexicon pass (every event trigger of a text, ...) is one Python regular expression, an
alternation of many entries; Python's ``re`` tries each alternative at every position,
which made the trigger pass a quarter of the extraction time. :class:`Scanner` gives
exactly the matches of ``pattern.finditer(text)``, faster:

1. `Hyperscan <https://intel.github.io/hyperscan/>`_ (the ``hyperscan`` package) runs the
   lexicon entries (``parts``) over the text at once and reports every (leftmost start,
   end) of every entry. The entries are a *superset*: each match of the Python pattern
   begins with a match of one entry, at its start (the pattern only adds assertions around
   them, ``\\b`` or a look-ahead; or the entries are the words its opening guard admits).
   So every match of the pattern starts inside a reported interval.
2. The Python pattern confirms: ``pattern.match(text, pos)`` at the positions of the
   intervals, left to right, continuing from the end of each match, as ``finditer`` does
   (leftmost match, first alternative, no overlap). Positions outside every interval cannot
   start a match and are never tried.

Offsets: Hyperscan reads bytes. The text is scanned as one ASCII byte per character, so a
byte offset is a character offset: an ASCII character stands for itself; a non-ASCII one for
an ASCII character that every construct of a part (literal, ``\\w``, ``\\d``, ``\\s``,
``\\b``, ``.``) matches whenever Python's pattern would match the original (a letter that
IGNORECASE folds to ASCII, "ſ" -> "s", "K" (Kelvin) -> "k", becomes that letter; another
word character "x", a digit "0", white space " ", anything else DEL); a non-ASCII literal of
a part is compiled as its stand-in too ("Türkiye" as "Txrkiye"). Parts may use only the
syntax both engines read alike (no look-around, negated class, ``{,n}`` or named group);
:func:`hyperscan_ok` says whether they do.

Without the ``hyperscan`` wheel (another platform), or for parts it cannot take, the
scanner is ``pattern.finditer`` itself: the same matches (tests/test_multiscan.py checks
both paths agree on crafted and generated texts).
"""

from __future__ import annotations

import bisect
import codecs
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:  # the wheel exists for the usual platforms; elsewhere the pure-re path gives the same matches
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform
    hyperscan = None

# Non-ASCII characters that Python's IGNORECASE matches to an ASCII letter (all of them:
# tests/test_multiscan.py checks every code point).
CASE_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
# Syntax the two engines do not read alike, or that Hyperscan does not take.
_UNSHARED = re.compile(r"\(\?[=!<P]|\[\^|\{,|\\[NZAGXRKQE]")
_UNSHARED_BUT_CLASSES = re.compile(r"\(\?[=!<P]|\{,|\\[NZAGXRKQE]")
# The stand-ins that are ASCII letters or digits (a negated class of a part must admit them).
STAND_IN_ALNUM = "x0" + "".join(sorted(set(CASE_FOLDS.values())))
# Python's \s is also true of the ASCII separators \x1c-\x1f; Hyperscan's is not.
_SEPARATORS = bytes.maketrans(b"\x1c\x1d\x1e\x1f", b"    ")


@functools.lru_cache(maxsize=4096)
def stand_in(ch: str) -> str:
    """The ASCII character a non-ASCII character is scanned as (module docstring)."""
    if ch in CASE_FOLDS:
        return CASE_FOLDS[ch]
    if re.match(r"\d", ch):
        return "0"
    if re.match(r"\w", ch):
        return "x"
    if re.match(r"\s", ch):
        return " "
    return "\x7f"


def _stand_ins(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(stand_in(ch) for ch in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("pipeline.multiscan", _stand_ins)


_last_scanned: tuple[str, bytes] = ("", b"")  # the last long text encoded and its bytes (one object: thread-safe)


def scan_bytes(text: str) -> bytes:
    """The text as Hyperscan reads it: one ASCII byte per character (module docstring).

    The bytes of the last text of 4,096 characters or more are kept: the lexicon passes over one
    document all read the same bytes (the text is compared by identity, so nothing else is)."""
    global _last_scanned
    last = _last_scanned
    if text is last[0]:
        return last[1]
    data = text.encode("ascii", errors="pipeline.multiscan").translate(_SEPARATORS)
    if len(text) >= 4096:
        _last_scanned = (text, data)
    return data


def hyperscan_ok(parts: list[str], negated_classes: bool = False) -> bool:
    """Whether every part uses only syntax that Python and Hyperscan read alike.

    ``negated_classes``: the caller wrote its negated classes (``[^A-Za-z]``) to admit the
    stand-ins too (``[^A-Za-z]|[xsik]``), so they are allowed.
    """
    unshared = _UNSHARED_BUT_CLASSES if negated_classes else _UNSHARED
    return all(part and not unshared.search(part) for part in parts)


def scan_pattern(part: str) -> bytes:
    """A part as Hyperscan compiles it: a non-ASCII literal becomes its stand-in, as in the text."""
    return f"(?:{part})".encode("ascii", errors="pipeline.multiscan")


def database_cache_dir() -> Path | None:
    """Where compiled databases are kept between runs: ``$PIPELINE_HYPERSCAN_CACHE``, else
    ``$XDG_CACHE_HOME/mek-pipeline/hyperscan`` (``~/.cache/...``); None when set to the empty string.

    Compiling the lexicons takes about 0.4 s of CPU in every process; loading them, milliseconds.
    A database is a pure function of its parts, flags and the Hyperscan version (the file name
    is their hash), so the cache changes no output; a file that is missing, unreadable or fails
    its checksum is compiled again.
    """
    env = os.environ.get("PIPELINE_HYPERSCAN_CACHE")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mek-pipeline" / "hyperscan"


def _cache_file(parts: tuple[str, ...], flags: int) -> Path | None:
    where = database_cache_dir()
    if where is None:
        return None
    key = hashlib.sha256(repr((parts, flags, getattr(hyperscan, "__version__", ""), _CACHE_FORMAT)).encode())
    return where / f"{key.hexdigest()}.hsdb"


_CACHE_FORMAT = 1
_DIGEST = 32  # a file is the sha256 of the serialised database, then the database


def _load(path: Path | None) -> object | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
        digest, body = data[:_DIGEST], data[_DIGEST:]
        if hashlib.sha256(body).digest() != digest:
            return None
        db = hyperscan.loadb(body, hyperscan.HS_MODE_BLOCK)
        db.scratch = hyperscan.Scratch(db)  # a loaded database has none
        return db
    except (OSError, hyperscan.error, ValueError, TypeError):
        return None


def _store(path: Path | None, db: object) -> None:
    if path is None:
        return
    try:
        body = hyperscan.dumpb(db)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(hashlib.sha256(body).digest() + body)
        os.replace(tmp, path)
    except (OSError, hyperscan.error, ValueError, TypeError):  # a read-only home: compiled each time
        return


@functools.lru_cache(maxsize=64)  # a profile's matcher is built again for every job a worker unpickles
def _database(parts: tuple[str, ...], flags: int | tuple[int, ...]) -> object | None:
    """The Hyperscan database of the parts (block mode), with ``flags`` for every part or one per
    part; None if Hyperscan refuses them. Loaded from :func:`database_cache_dir` when compiled there before."""
    path = _cache_file(parts, flags)
    db = _load(path)
    if db is not None:
        return db
    try:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        db.compile(expressions=[scan_pattern(p) for p in parts], ids=list(range(len(parts))),
                   elements=len(parts), flags=list(flags) if isinstance(flags, tuple) else [flags] * len(parts))
    except hyperscan.error:  # too large, or a construct Hyperscan refuses: the pure-re path
        return None
    _store(path, db)
    return db


def confirmed(pattern: re.Pattern[str], text: str, intervals: list[tuple[int, int]], pos: int = 0,
              endpos: int | None = None, stop: int | None = None) -> list[re.Match[str]]:
    """The matches of ``pattern.finditer(text, pos, endpos)`` that start before ``stop``, given the
    sorted disjoint ``intervals`` outside which none starts: ``pattern.match`` is tried only inside
    them, left to right, on from the end of each match, as ``finditer`` does (the confirming step of
    every prefilter here)."""
    endpos = len(text) if endpos is None else endpos
    stop = endpos if stop is None else min(stop, endpos)
    out: list[re.Match[str]] = []
    match = pattern.match
    first = bisect.bisect_right(intervals, (pos, len(text) + 1))
    if first and intervals[first - 1][1] > pos:
        first -= 1
    for i in range(first, len(intervals)):  # (islice or a slice would walk or copy the list: quadratic)
        start, end = intervals[i]
        if start >= stop:
            break
        p = start if start > pos else pos
        end = end if end < stop else stop
        while p < end:
            m = match(text, p, endpos)
            if m is None:
                p += 1
                continue
            if m.end() == m.start():  # an empty match: finditer's own rules apply from here
                out.extend(pattern.finditer(text, pos, endpos))
                return out
            out.append(m)
            pos = p = m.end()
    return out


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted (start, end) spans joined where they overlap or touch (sorts ``spans`` in place)."""
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


class Scanner:
    """``pattern.finditer`` with a Hyperscan prefilter built from ``parts`` (module docstring).

    ``parts`` are pattern texts such that every match of ``pattern`` is a match of one of
    them (with ``pattern``'s IGNORECASE flag); ``engine`` is "hyperscan" or "re" (the
    fallback, also chosen when the wheel is missing or a part cannot be compiled).
    """

    def __init__(self, pattern: re.Pattern[str], parts: list[str], engine: str | None = None,
                 negated_classes: bool = False, fallback: Scanner | None = None) -> None:
        self.pattern = pattern
        self._parts, self._requested, self._negated = list(parts), engine, negated_classes
        self._fallback = fallback  # used when Hyperscan refuses these parts (too large)
        self._last: tuple[str, list[tuple[int, int]]] | None = None  # the last text scanned, its intervals
        self._flags: int | None = None  # None: the pure-re path
        # A window that ends before the text does ends the string for Python's \b and $, not for
        # the scan of the whole text: parts with them are exact for whole texts only.
        self._window_safe = not re.search(r"\\[bB]|\$", "".join(parts))
        if engine in (None, "hyperscan") and hyperscan is not None and hyperscan_ok(parts, negated_classes):
            self._flags = hyperscan.HS_FLAG_SOM_LEFTMOST
            if pattern.flags & re.IGNORECASE:
                self._flags |= hyperscan.HS_FLAG_CASELESS
        elif engine == "hyperscan":
            raise ValueError("hyperscan is not available for these parts")

    @functools.cached_property
    def _db(self) -> object | None:
        """The compiled database, compiled when first needed (a stage that never scans pays nothing)."""
        db = None if self._flags is None else _database(tuple(self._parts), self._flags)
        if db is None and self._fallback is not None:
            self._parts, self._window_safe = self._fallback._parts, self._fallback._window_safe
            return self._fallback._db
        return db

    @classmethod
    def whole(cls, pattern: re.Pattern[str], parts: list[str], negated_classes: bool = False) -> Scanner:
        """A scanner whose prefilter is the whole pattern, relaxed (:func:`relax`): Hyperscan then
        reports only where a match of the whole pattern can lie, not every opening word, so far
        fewer positions are confirmed. ``parts`` (as for the constructor) are the prefilter when
        the pattern cannot be relaxed or Hyperscan refuses the relaxed copy."""
        fallback = cls(pattern, parts, negated_classes=negated_classes)
        relaxed = relax(pattern.pattern) if not pattern.flags & re.VERBOSE else None
        if relaxed is None:
            return fallback
        return cls(pattern, [relaxed], negated_classes=True, fallback=fallback)

    @property
    def engine(self) -> str:
        """ "hyperscan", or "re" (the fallback)."""
        return "hyperscan" if self._db is not None else "re"

    def __reduce__(self) -> tuple:
        """Pickled as its pattern and parts (a worker process compiles the database again)."""
        return (Scanner, (self.pattern, self._parts, self._requested, self._negated, self._fallback))

    def intervals(self, text: str) -> list[tuple[int, int]]:
        """Disjoint sorted [start, end) spans outside which no match of the pattern starts.

        They hold for any window ``pos``/``endpos`` of the text too when the parts have no
        ``\\b`` or ``$``: a match in a window then begins with a match of a part in the whole
        text. Empty for the pure-re engine (not used there).
        """
        db = self._db
        if db is None:
            return []
        found: list[tuple[int, int]] = []
        add = found.append

        def on_match(_id: int, start: int, end: int, _flags: int, _context: object) -> None:
            add((start, end))

        db.scan(scan_bytes(text), match_event_handler=on_match)
        return merged(found)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None,
                 intervals: list[tuple[int, int]] | None = None,
                 until: int | None = None) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text, pos, endpos)``, in order.

        ``intervals`` are this text's :meth:`intervals`, when the caller keeps them for many
        windows of one text (the document model does). ``until``: the caller knows that no
        match starts at or after it (no position there is tried).
        """
        if endpos is None:
            endpos = len(text)
        if until is not None and until <= pos:
            return
        if self._db is None or (endpos < len(text) and not self._window_safe):
            for m in self.pattern.finditer(text, pos, endpos):
                if until is not None and m.start() >= until:
                    return
                yield m
            return
        stop = endpos if until is None else min(until, endpos)
        if intervals is None:
            if self._last is None or self._last[0] is not text:  # many windows of one text: one scan
                self._last = (text, self.intervals(text))
            intervals = self._last[1]
        yield from confirmed(self.pattern, text, intervals, pos, endpos, stop)


# --- a relaxed copy of a whole pattern, as its own prefilter -----------------------------------

_NAMED = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


def _relax_class_end(source: str, i: int) -> int:
    """The index just past the character class that opens at source[i] ("[")."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source):
        if source[j] == "\\":
            j += 2
            continue
        if source[j] == "]":
            return j + 1
        j += 1
    raise ValueError("unbalanced class")


def relax(source: str) -> str | None:
    """A pattern that matches every span the pattern ``source`` matches, in any window of a text.

    Look-arounds, ``\\b``/``\\B`` and the anchors ``^``/``$`` are dropped (each only forbids
    matches), named groups become plain ones, a back-reference becomes a copy of the group it
    names, and a negated class also admits the stand-ins of non-ASCII characters (the module
    docstring): what is left is read alike by Python and Hyperscan, with no context outside the
    span. None when the pattern uses syntax this does not know (the caller keeps its parts).
    """
    groups: dict[str, str] = {}
    for m in _NAMED.finditer(source):
        groups[m.group(1)] = source[m.end():_group_end(source, m.start()) - 1]
    out: list[str] = []
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            esc = source[i:i + 2]
            if esc in ("\\b", "\\B"):
                out.append("(?:)")
            elif esc[1:] in "AZGNXRKQEpPu0123456789" or esc[1:] == "":
                return None  # anchors, back-references by number, properties: not handled
            else:
                out.append(esc)
            i += 2
            continue
        if c == "[":
            end = _relax_class_end(source, i)
            cls = source[i:end]
            out.append(f"(?:{cls}|[{STAND_IN_ALNUM}\\x7f ])" if cls.startswith("[^") else cls)
            i = end
            continue
        if c in "^$":
            out.append("(?:)")
            i += 1
            continue
        if source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            out.append("(?:)")
            i = _group_end(source, i)
            continue
        if source.startswith("(?P=", i):
            j = source.index(")", i)
            name = source[i + 4:j]
            inner = relax(groups[name]) if name in groups else None
            if inner is None:
                return None
            out.append(f"(?:{inner})")
            i = j + 1
            continue
        if source.startswith("(?P<", i):
            out.append("(?:")
            i = source.index(">", i) + 1
            continue
        if source.startswith("(?", i) and not source.startswith(("(?:", "(?i:", "(?i)", "(?s:", "(?m:", "(?x:"), i):
            return None  # atomic groups, conditionals, other flags
        out.append(c)
        i += 1
    relaxed = "".join(out)
    return relaxed if not re.search(r"\{,", relaxed) else None


# --- a pattern read backwards: where matches start, without start-of-match tracking -------------

# A quantifier as reverse_pattern reads it: stricter than _QUANTIFIER below (which must accept what a
# lexicon may write): "{" without digits or a possessive "+" after it is refused, not guessed at.
_REPEAT = re.compile(r"(?:[*+?]|\{[0-9]+(?:,[0-9]*)?\})\??")
_FLAG_GROUP = re.compile(r"\(\?[imsx]+:")


def _reverse_alternation(source: str, i: int) -> tuple[str, int]:
    """The reverse of the alternation that starts at ``source[i]``, and the index where it ends
    (at a ")" or the end of the source)."""
    branches: list[str] = []
    items: list[str] = []
    while i < len(source) and source[i] != ")":
        c = source[i]
        if c == "|":
            branches.append("".join(reversed(items)))
            items = []
            i += 1
            continue
        if c == "(":
            head = _FLAG_GROUP.match(source, i)
            if source.startswith("(?:", i):
                opening = "(?:"
            elif head:
                opening = head.group(0)
            elif source.startswith("(?", i):
                raise ValueError("a look-around, named group or flag this does not read")
            else:
                opening = "("
            inner, j = _reverse_alternation(source, i + len(opening))
            if j >= len(source):
                raise ValueError("unbalanced group")
            atom, i = f"{opening}{inner})", j + 1
        elif c == "[":
            j = _relax_class_end(source, i)
            atom, i = source[i:j], j
        elif c == "\\":
            esc = source[i + 1:i + 2]
            if esc == "x":
                atom, i = source[i:i + 4], i + 4
            elif esc and esc in "bBsSdDwWntrfv.\\-|()[]{}*+?^$/'\" ,:;#&~%!@=<>`":  # \b: a boundary both ways
                atom, i = source[i:i + 2], i + 2
            else:
                raise ValueError(f"an escape this does not read: \\{esc}")  # anchors, back-references, ...
        elif c in "^$*+?{":
            raise ValueError(f"{c!r} where an atom is expected")
        else:
            atom, i = c, i + 1
        quantifier = _REPEAT.match(source, i)
        if quantifier:
            atom += quantifier.group(0)
            i = quantifier.end()
            if source.startswith("+", i):
                raise ValueError("a possessive quantifier")
        items.append(atom)
    branches.append("".join(reversed(items)))
    return "|".join(branches), i


def reverse_pattern(source: str) -> str | None:
    """A pattern whose matches are exactly the reverses of the matches of ``source``.

    For the syntax :func:`relax` leaves (literals, classes, escapes, ``(?:``/``(?i:`` groups,
    quantifiers, alternation): the items of every sequence are written in the reverse order,
    each group reversed inside; a class, an escape and a quantifier stay as they are. A scan of
    a text read backwards with it finds every offset where a match of ``source`` starts, with no
    start-of-match tracking (which made Hyperscan several times slower on long alternations).
    None for anything else (anchors, look-arounds, back-references): the caller keeps its path.
    """
    lead = "(?i)" if source.startswith("(?i)") else ""
    try:
        body, end = _reverse_alternation(source, len(lead))
    except ValueError:
        return None
    return lead + body if end == len(source) else None


@functools.lru_cache(maxsize=64)
def _backward_database(parts: tuple[str, ...], caseless: tuple[bool, ...], negated_classes: bool) -> object | None:
    """The Hyperscan database of the parts written backwards (no start-of-match tracking); None
    without the wheel, or when a part cannot be reversed or compiled."""
    backwards = [reverse_pattern(p) for p in parts]
    if hyperscan is None or any(b is None for b in backwards) or not hyperscan_ok(backwards, negated_classes):
        return None
    return _database(tuple(backwards), tuple(hyperscan.HS_FLAG_CASELESS if c else 0 for c in caseless))


def reversed_starts(parts: tuple[str, ...], caseless: tuple[bool, ...], text: str,
                    negated_classes: bool = False) -> list[list[int]] | None:
    """For each part, every offset of ``text`` where one of its matches starts, sorted, from one
    Hyperscan scan of the text read backwards with the parts written backwards
    (:func:`reverse_pattern`), without start-of-match tracking.

    A match [s, e) of a part is a match [n - e, n - s) of its reverse in the reversed text, reported
    at its end n - s, and Hyperscan reports every end: so every start of a match is found. Tracking
    where each match starts (``HS_FLAG_SOM_LEFTMOST``, what :class:`Scanner` asks for) made scans
    of long alternations several times slower. ``caseless`` per part (as IGNORECASE);
    ``negated_classes`` as for :func:`hyperscan_ok`. None without the wheel, or when a part cannot
    be reversed or compiled (the caller's other path).
    """
    db = _backward_database(tuple(parts), tuple(caseless), negated_classes)
    if db is None:
        return None
    n = len(text)
    found: list[list[int]] = [[] for _ in parts]

    def on_match(i: int, _start: int, end: int, _flags: int, _context: object) -> None:
        found[i].append(n - end)

    db.scan(scan_bytes(text)[::-1], match_event_handler=on_match)
    for starts in found:
        starts.sort()  # reported by end in the reversed text: decreasing offsets here (sorted in one pass)
    return found


def reversed_masks(parts: tuple[str, ...], caseless: tuple[bool, ...], text: str,
                   negated_classes: bool = False) -> dict[int, int] | None:
    """:func:`reversed_starts` as one dict, in no order: each offset where a match of a part starts,
    to the set of those parts (bit i: part i), from the same scan. None as there."""
    db = _backward_database(tuple(parts), tuple(caseless), negated_classes)
    if db is None:
        return None
    n = len(text)
    masks: dict[int, int] = {}
    get = masks.get
    bits = [1 << i for i in range(len(parts))]

    def on_match(i: int, _start: int, end: int, _flags: int, _context: object) -> None:
        at = n - end
        masks[at] = get(at, 0) | bits[i]

    db.scan(scan_bytes(text)[::-1], match_event_handler=on_match)
    return masks


# --- every match of every part (a vocabulary prefilter) ---------------------------------------


@functools.lru_cache(maxsize=32)
def _hits_database(parts: tuple[str, ...], caseless: tuple[bool, ...], starts: tuple[bool, ...]) -> object | None:
    """The Hyperscan database of the parts, each caseless or not, tracking leftmost starts for the
    parts ``starts`` marks; None if it refuses them."""
    if hyperscan is None or not hyperscan_ok(list(parts)):
        return None
    som, fold = hyperscan.HS_FLAG_SOM_LEFTMOST, hyperscan.HS_FLAG_CASELESS
    flags = tuple((som if s else 0) | (fold if c else 0) for c, s in zip(caseless, starts, strict=True))
    return _database(parts, flags)


def scan_hits(
    text: str, parts: tuple[str, ...], caseless: tuple[bool, ...], on_match: object,
    starts: tuple[bool, ...] | None = None,
) -> bool:
    """Every match of every part in the whole text, to the caller's callback (a vocabulary prefilter).

    Unlike ``finditer``, overlapping matches are all reported: ``on_match(ident, start, end, flags,
    context)`` is called for each part and every offset at which a match of it ends (Hyperscan's
    semantics and order), with the leftmost start of a match ending there. The text is read as
    :func:`scan_bytes` (a character offset is a byte offset), a part as :func:`scan_pattern`;
    ``caseless[i]``: part i ignores case. ``starts`` (None: all): the parts whose leftmost start
    the caller reads; for the others ``start`` is 0, and the scan, which then need not track
    them, is faster. False, calling nothing, when Hyperscan is missing or refuses a part (the
    caller then takes its path without a prefilter)."""
    db = _hits_database(parts, caseless, (True,) * len(parts) if starts is None else starts)
    if db is None:
        return False
    db.scan(scan_bytes(text), match_event_handler=on_match)
    return True


# --- Match ends of groups of parts, one pass (issue #13) -------------------------------------------
class EndScanner:
    """Where matches of groups of parts end, in one Hyperscan pass over a text.

    ``groups`` maps a name to parts (pattern texts of the syntax :func:`hyperscan_ok` admits).
    :meth:`ends` gives, per group, the sorted offsets at which some match of one of its parts
    ends; Hyperscan reports every end, and without tracking where matches start it runs several
    times faster than :class:`Scanner`. A part with no ``\\b``, ``^``, ``$`` or look-around
    matches in a window of the text exactly where it matches in the whole text, so a match of it
    inside ``text[a:b]`` (a window read as a string of its own) ends at a reported offset in
    ``(a, b]``: a caller can skip a window with no such offset. ``ends`` is None without the
    wheel or for parts it cannot take (the caller then tries every window).
    """

    def __init__(self, name: str, groups: dict[str, list[str]], ignorecase: bool = True) -> None:
        self.name = name
        self._groups = {g: list(parts) for g, parts in groups.items()}
        self._ignorecase = ignorecase
        self.window_safe = not re.search(r"\\[bB]|\$|\^", "".join(p for ps in groups.values() for p in ps))

    def __reduce__(self) -> tuple:
        """Pickled as its groups (a worker process compiles the database again)."""
        return (EndScanner, (self.name, self._groups, self._ignorecase))

    @functools.cached_property
    def _db(self) -> object | None:
        """The database of all parts, one id per part (compiled by :func:`_database`, so cached with
        the scanners' databases); None without the wheel or for parts it cannot take."""
        parts = [p for ps in self._groups.values() for p in ps]
        if hyperscan is None or not hyperscan_ok(parts) or not all(self._groups.values()):
            return None
        return _database(tuple(parts), hyperscan.HS_FLAG_CASELESS if self._ignorecase else 0)

    @functools.cached_property
    def _group_of(self) -> list[int]:
        return [g for g, ps in enumerate(self._groups.values()) for _p in ps]

    def ends(self, text: str) -> dict[str, list[int]] | None:
        """Per group, the sorted distinct offsets where a match of one of its parts ends."""
        db = self._db
        if db is None:
            return None
        found: list[list[int]] = [[] for _g in self._groups]
        group_of = self._group_of

        def on_match(part: int, _start: int, end: int, _flags: int, _context: object) -> None:
            found[group_of[part]].append(end)

        db.scan(scan_bytes(text), match_event_handler=on_match)
        return {g: sorted(set(e)) for g, e in zip(self._groups, found, strict=True)}


# --- Several patterns, one pass: a prefilter per pattern (the designation verbs' layer) ------------

def _group_end(pattern: str, i: int) -> int:
    """The index after the ``)`` that closes the group opening at ``pattern[i]``."""
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1 if pattern[i + 1 : i + 2] == "^" else 0
            i += 1 if pattern[i + 1 : i + 2] == "]" else 0
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")


def _items(pattern: str) -> list[tuple[str, str, str]]:
    """The top-level items of a pattern: (kind, item, its quantifier); kind is "atom" (a character,
    an escape or a class), "group" (plain or ``(?-i:``), "assert" (``\\b``, ``\\B``, a look-around),
    "|", or "other" (anything else: ``^``, ``$``, ``.``, a negated class, another group)."""
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            kind, j = ("assert" if pattern[i + 1 : i + 2] in ("b", "B") else "atom"), i + 2
        elif ch == "[":
            j = i + 1
            j += 1 if pattern[j : j + 1] == "^" else 0
            j += 1 if pattern[j : j + 1] == "]" else 0
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            kind, j = ("other" if pattern[i + 1] == "^" else "atom"), j + 1
        elif ch == "(":
            j = _group_end(pattern, i)
            head = pattern[i : i + 5]
            kind = ("assert" if head.startswith(("(?=", "(?!", "(?<=", "(?<!")) else
                    "group" if head.startswith(("(?:", "(?-i:")) or head[1:2] != "?" else "other")
        elif ch == "|":
            kind, j = "|", i + 1
        elif ch in "^$.":
            kind, j = "other", i + 1
        else:
            kind, j = "atom", i + 1
        q = _QUANTIFIER.match(pattern, j)
        quant = q.group(0) if q else ""
        out.append((kind, pattern[i:j], quant))
        i = j + len(quant)
    return out


def _plain(pattern: str) -> str | None:
    """``pattern`` without its assertions (``\\b``, look-arounds), ``(?-i:`` read as ``(?:``: it matches
    wherever the pattern does (with IGNORECASE). None if it holds syntax kept out of the parts."""
    out = []
    for kind, item, quant in _items(pattern):
        if kind == "assert":
            if quant:
                return None
            continue
        if kind == "other":
            return None
        if kind == "group":
            inner = _plain(item[item.index(":") + 1 if item.startswith("(?") else 1 : -1])
            if inner is None:
                return None
            item = f"(?:{inner})"
        out.append(item + quant)
    return "".join(out)


def leading_parts(pattern: str) -> list[str] | None:
    """Parts for :class:`MultiScanner`: one per top-level alternative of ``pattern`` (written for
    IGNORECASE), the run of its leading items up to the first that is repeated by ``*`` or ``{m,n}``
    (a gap, which makes a database too large) or is not plain, without assertions.

    Every match of the pattern begins with a match of one part at its start (a prefix of a sequence
    matches a prefix of the match; dropping an assertion only widens), and the parts hold no ``\\b``,
    ``$`` or look-around, so this holds in any window of a text. None if an alternative has no such
    leading item (a match could begin anywhere).
    """
    parts: list[str] = []
    run: list[str] = []
    stopped = False
    for kind, item, quant in [*_items(pattern), ("|", "|", "")]:
        if kind == "|":
            if not run:
                return None
            parts.append("".join(run))
            run, stopped = [], False
        elif stopped or kind == "assert":
            continue
        elif kind == "other" or quant[:1] in ("*", "{"):
            stopped = True
        else:
            plain = _plain(item) if kind == "group" else item
            if plain is None:
                stopped = True
            else:
                run.append(plain + quant)
    return parts


class MultiScanner:
    """``patterns[k].finditer`` for several patterns, with one Hyperscan pass per text as prefilter.

    ``parts[k]``: pattern texts such that every match of ``patterns[k]`` begins with a match of one
    of them at its start (:func:`leading_parts`), with no ``\\b``, ``$`` or look-around: the
    intervals of a whole text then hold for any window of it (None: no parts, the pattern is run
    as it is). :meth:`intervals` gives each pattern's intervals of a text (None on the pure-re
    engine: no wheel, or Hyperscan refuses the parts); :meth:`finditer` confirms with the Python
    pattern inside them, as :meth:`Scanner.finditer` does.
    """

    def __init__(self, patterns: list[re.Pattern[str]], parts: list[list[str] | None]) -> None:
        self.patterns, self._parts = list(patterns), [None if p is None else list(p) for p in parts]
        flat = [q for p in self._parts for q in p or []]
        self._ok = (hyperscan is not None and hyperscan_ok(flat)
                    and not re.search(r"\\[bB]|\$|\(\?[=!<]", "".join(flat)))

    @functools.cached_property
    def _dbs(self) -> list[tuple[object, list[int]]] | None:
        """One database per set of flags (caseless or not), each with the pattern of each of its
        expressions; compiled by :func:`_database`, so a database of the same parts and flags (a
        :class:`Scanner`'s) is compiled once. None on the pure-re engine."""
        if not self._ok:
            return None
        groups: dict[int, tuple[list[str], list[int]]] = {}
        for k, (pattern, parts) in enumerate(zip(self.patterns, self._parts, strict=True)):
            flag = hyperscan.HS_FLAG_SOM_LEFTMOST | (hyperscan.HS_FLAG_CASELESS if pattern.flags & re.IGNORECASE else 0)
            exprs, owners = groups.setdefault(flag, ([], []))
            for part in parts or []:
                exprs.append(part)
                owners.append(k)
        out = []
        for flag, (exprs, owners) in sorted(groups.items()):
            db = _database(tuple(exprs), flag)
            if db is None:
                return None
            out.append((db, owners))
        return out

    def __reduce__(self) -> tuple:
        """Pickled as its patterns and parts (a worker process compiles the database again)."""
        return (MultiScanner, (self.patterns, self._parts))

    def intervals(self, text: str) -> list[list[tuple[int, int]] | None] | None:
        """Per pattern, the disjoint sorted [start, end) spans outside which none of its matches starts
        (None for a pattern without parts)."""
        dbs = self._dbs
        if dbs is None:
            return None
        found: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        data = scan_bytes(text)
        for db, owners in dbs:

            def on_match(i: int, start: int, end: int, _flags: int, _context: object,
                         owners: list[int] = owners) -> None:
                found[owners[i]].append((start, end))

            db.scan(data, match_event_handler=on_match)
        out: list[list[tuple[int, int]] | None] = []
        for k, spans in enumerate(found):
            if self._parts[k] is None:
                out.append(None)
                continue
            out.append(merged(spans))
        return out

    def window_intervals(self, text: str, start: int, end: int) -> list[list[tuple[int, int]] | None] | None:
        """:meth:`intervals` of ``text[start:end]``, in offsets of ``text`` (one window read alone, as
        a string of its own: the designations' units); a pattern with one report or none is not sorted."""
        dbs = self._dbs
        if dbs is None:
            return None
        found: list[list[tuple[int, int]]] = [[] for _ in self.patterns]
        data = scan_bytes(text[start:end])
        for db, owners in dbs:

            def on_match(i: int, a: int, b: int, _flags: int, _context: object,
                         owners: list[int] = owners) -> None:
                found[owners[i]].append((a + start, b + start))

            db.scan(data, match_event_handler=on_match)
        return [None if self._parts[k] is None else merged(spans) if len(spans) > 1 else spans
                for k, spans in enumerate(found)]

    def finditer(self, k: int, text: str, pos: int, endpos: int,
                 intervals: list[tuple[int, int]] | None) -> Iterator[re.Match[str]]:
        """The matches of ``patterns[k].finditer(text, pos, endpos)``; ``intervals``: pattern k's
        intervals of this text (None: the pattern itself)."""
        pattern = self.patterns[k]
        if intervals is None:
            yield from pattern.finditer(text, pos, endpos)
            return
        yield from confirmed(pattern, text, intervals, pos, endpos, endpos)


def _edge_words(items: list[tuple[str, str, str]]) -> list[str] | None:
    """The words of an edge of a sequence of items (read from that edge): a run of unquantified
    letters, or an unquantified group whose alternatives are letters only; None otherwise."""
    run = []
    for kind, item, quant in items:
        if kind == "atom" and not quant and item.isalpha() and item.isascii():
            run.append(item)
            continue
        if not run and kind == "group" and not quant and item.startswith("(?:"):
            inner = item[3:-1]
            return inner.split("|") if re.fullmatch(r"[A-Za-z]+(?:\|[A-Za-z]+)*", inner) else None
        break
    return ["".join(run)] if run else None


def _alternatives(pattern: str) -> list[list[tuple[str, str, str]]]:
    """The top-level alternatives of a pattern, each as its items without assertions."""
    out: list[list[tuple[str, str, str]]] = [[]]
    for kind, item, quant in _items(pattern):
        if kind == "|":
            out.append([])
        elif kind != "assert":
            out[-1].append((kind, item, quant))
    return out


def opening_words(alternative: str) -> list[str] | None:
    """The words one of which every match of ``alternative`` (one alternative: no top-level ``|``)
    begins with, read from its first items (a run of letters, or a group of words); None if it does
    not begin so."""
    alts = _alternatives(alternative)
    if len(alts) != 1:
        return None
    return _edge_words(alts[0])


def closing_words(pattern: str) -> list[str] | None:
    """Words one of which every match of ``pattern`` holds: for each top-level alternative, the words
    that end it (after its assertions): a run of unquantified letters, or an unquantified group whose
    alternatives are letters only; None when some alternative does not end so."""
    words: list[str] = []
    for items in _alternatives(pattern):
        end = _edge_words(list(reversed(items)))
        if end is None:
            return None
        # a run read backwards is the word reversed
        words.extend(end if items and items[-1][0] == "group" else [w[::-1] for w in end])
    return words


# --- Starts without start-of-match tracking: fixed-width prefixes (the event triggers' layer) -----

_PREFIX_LIMIT = 16  # most prefixes one part may expand into


def _expansions(pattern: str) -> list[tuple[str, int, bool]] | None:
    """``(text, width, complete)`` for each alternative of ``pattern``, expanded: every match of the
    pattern begins with a match of one ``text`` (whose matches all have ``width`` characters), and
    a ``complete`` text matches the whole of it. None when some alternative has no such prefix.

    Leading items are taken while they have a fixed width: a character, an escape or a class (one
    character each), a group whose alternatives expand (the product, of at most ``_PREFIX_LIMIT``
    texts), an optional item ``X?`` followed by more items (with and without it)."""
    out: list[tuple[str, int, bool]] = []
    alternatives: list[list[tuple[str, str, str]]] = [[]]
    for kind, item, quant in _items(pattern):
        if kind == "|":
            alternatives.append([])
        else:
            alternatives[-1].append((kind, item, quant))
    for items in alternatives:
        seqs, complete = [("", 0)], True
        for i, (kind, item, quant) in enumerate(items):
            last = not any(k != "assert" and not q for k, _it, q in items[i + 1 :])
            if kind in ("assert", "other") or quant not in ("", "?") or (quant == "?" and last):
                complete = False
                break
            if kind == "atom" and not quant:
                seqs = [(t + item, w + 1) for t, w in seqs]
                continue
            if kind == "atom":
                sub: list[tuple[str, int, bool]] | None = [(item, 1, True)]
            else:
                head = "(?-i:" if item.startswith("(?-i:") else "(?:"
                inner = item[len(head) : -1] if item.startswith("(?") else item[1:-1]
                sub = _expansions(inner)
                sub = None if sub is None else [(f"{head}{s})", w, c) for s, w, c in sub]
            if quant and sub is not None and not all(c for _s, _w, c in sub):
                sub = None  # an optional item must be matched whole to go on after it
            options = ([("", 0, True)] if quant else []) + (sub or [])
            if sub is None or len(options) * len(seqs) > _PREFIX_LIMIT:
                complete = False
                break
            seqs = [(t + s, w + sw) for t, w in seqs for s, sw, _c in options]
            if not all(c for _s, _w, c in options):
                complete = False
                break
        if min(w for _t, w in seqs) == 0:
            return None
        out.extend((t, w, complete) for t, w in seqs)
    return out


def fixed_prefixes(pattern: str, least: int = 3) -> list[tuple[str, int]] | None:
    """Fixed-width prefixes of ``pattern`` (:func:`_expansions`): ``(text, width)`` such that every
    match of the pattern, at its start, begins with a match of one ``text``, all of whose matches
    are ``width`` characters long; a prefix that another one begins with (as text, so as language)
    is left out. None if some alternative has none of ``least`` characters or more."""
    found = _expansions(pattern)
    if found is None or min(w for _t, w, _c in found) < least:
        return None
    texts = sorted({(t, w) for t, w, _c in found})
    return [(t, w) for t, w in texts if not any(o != t and t.startswith(o) for o, _w in texts)]


class StartScanner:
    """Every (start, end, part) at which a part can match, in one Hyperscan pass without tracking
    where matches start (several times cheaper than tracking leftmost starts).

    Each part is scanned as its :func:`fixed_prefixes`: a match of a prefix of width ``w`` that
    ends at ``e`` starts at ``e - w``, the one position where the part can then start, reported
    as ``(e - w, e - w + 1, part)``; a part without such prefixes is scanned whole, with leftmost
    starts, reported as ``(start, end, part)``. So, for a caller that confirms from starts: a part
    that matches from ``s`` has a report ``(a, b, part)`` with ``a <= s < b``.

    ``word_start``: the caller looks only for matches that begin at a word boundary (Python's
    ``\\b``), so only such starts are reported: the scanned bytes keep which characters are word
    characters (every stand-in of a word character is one, of any other character none), so
    Hyperscan's ``\\b`` at the start of a whole text's pass is Python's.
    """

    def __init__(self, parts: list[str], ignorecase: bool = True, word_start: bool = False) -> None:
        self._parts, self._ignorecase, self._word_start = list(parts), ignorecase, word_start

    def __reduce__(self) -> tuple:
        """Pickled as its parts (a worker process compiles the database again)."""
        return (StartScanner, (self._parts, self._ignorecase, self._word_start))

    @functools.cached_property
    def _compiled(self) -> tuple[object, list[int], list[int]] | None:
        """The database, and per pattern id its part and width (0: leftmost starts reported)."""
        if hyperscan is None or not hyperscan_ok(self._parts):
            return None
        base = hyperscan.HS_FLAG_CASELESS if self._ignorecase else 0
        texts, flags, part_of, width = [], [], [], []
        for k, part in enumerate(self._parts):
            prefixes = fixed_prefixes(part)
            for text, w in prefixes or [(part, 0)]:
                texts.append(rf"\b{text}" if self._word_start else text)
                flags.append(base if w else base | hyperscan.HS_FLAG_SOM_LEFTMOST)
                part_of.append(k)
                width.append(w)
        db = _database(tuple(texts), tuple(flags))
        return None if db is None else (db, part_of, width)

    def starts(self, text: str) -> list[tuple[int, int, int]] | None:
        """The sorted reports ``(start, end, part)`` of ``text`` (class docstring); None without the
        wheel or for parts it cannot take."""
        compiled = self._compiled
        if compiled is None:
            return None
        db, part_of, width = compiled
        found: list[tuple[int, int, int]] = []
        add = found.append

        def on_match(ident: int, start: int, end: int, _flags: int, _context: object) -> None:
            w = width[ident]
            add((end - w, end - w + 1, part_of[ident]) if w else (start, end, part_of[ident]))

        db.scan(scan_bytes(text), match_event_handler=on_match)
        found.sort()
        return found
