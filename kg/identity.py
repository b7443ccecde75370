"""One node per person across the whole build, and posts in time.

Each article mints its people from name and scope (see ``kg.extract.resolve.scoped``).
After every article is extracted, this pass looks at the build as a whole:

- **Same name, no post**: a person named without any post in an article ("ông Lê Văn
  Tám") is the person of that name who holds posts elsewhere in the build, when exactly
  one such person exists; with two or more (same name, different provinces) they stay apart.
- **Spelling slips**: two names one letter apart that hold the same post are one person;
  the spelling found in more articles wins and the other becomes a ``vnpol:alias``.
- **Titles without a name** ("đồng chí Chủ tịch UBND tỉnh phát biểu", nobody named with
  that post in the article): the holder of that post observed closest in time, within a
  year, when there is exactly one; otherwise the role stays with the post, never guessed.
- **Posts in time**: for each person, post and former or not, one ``vnpol:PostHolding`` of
  the whole build (the person's ``org:hasMembership``): how many articles state it
  (``vnpol:articleCount``), the first and last publication dates among them
  (``vnpol:firstObserved`` / ``vnpol:lastObserved``, full dates only) — observed dates, not
  an invented term of office — and, as ``vnpol:evidence``, the quote of the first article
  that states it (the earliest dated, then the smallest graph IRI). Two spellings of one
  person in the same article count that article twice (rare: a slip beside its correction).
- **Roles the same way**: for each event, role and agent, one ``vnpol:Participation`` of
  the whole build (the event's ``vnpol:participation``) with ``vnpol:articleCount`` and the
  quote of the first article; a role given by a title alone counts for the holder it resolves
  to, or for the post.

The pass rewrites the staged N-Quads (renamed people, resolved roles) and adds its own
statements to the merged graph. What it needs from each article is appended to a file
(``Log``) while the build extracts, and read back by the process that runs the pass, so
the build's main process never holds an entry per person and post. Nor does the process
that runs the pass: the people (one record an article names them) are filed in parts on disk
by name, the holders of each post by post, and the sightings of holdings and roles by post
and event (``kg.spill``); each table is read one part at a time, and what the pass keeps
whole is its decisions (the renames, the roles resolved), not the people.
"""

from __future__ import annotations

import bisect
import itertools
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import BinaryIO

from kg import ids
from kg.extract.resolve import one_edit_apart
from kg.mapping import (  # the vocabulary as plain strings: rdflib's namespace lookups are slow in a loop
    ORG,
    RDF,
    RDFS,
    ROLE_CONCEPT,
    ROLE_PROPERTY,
    VNPOL,
    ArticleTriples,
    PersonSeen,
    RoleSeen,
    Unresolved,
    date_literal,
    literal,
    vi,
)
from kg.model import PartialDate
from kg.spill import Parts

_WINDOW_DAYS = 366


@dataclass(slots=True)
class _Person:
    name: str
    scope: str
    iri: str  # the key it is filed under (in the people of one part)
    posts: tuple[str, ...] = ()  # most people hold one to three: a tuple is a quarter of a set
    articles: int = 0


Sightings = tuple[date | None, date | None, int, str, str]  # first and last full day (None: none
# dated), articles, and the first article that states it (dated on the first day): its graph and quote.
# One flat tuple: there is one per article and holding or role, and one per holding or role summed.
Key = tuple[str, str, bool]  # person, post, former
RoleKey = tuple[str, str, str]  # event, role, agent
Named = tuple[str, str, str, tuple[str, ...]]  # a person as one article names them: IRI, name, scope, posts
Holder = tuple[str, str, str, int]  # a post, a holder of it: IRI, name, articles that name them


@dataclass
class Index:
    """What the identity pass needs from each article; small next to the triples. What grows
    with the corpus is filed in parts on disk (``kg.spill``): the people by name, and the
    sightings of holdings by post and of roles by event, keys that the pass's renames leave
    alone; the pass files the holders of each post by post as it reads the people."""

    held: Parts[tuple[Key, Sightings]]  # one record per article that states a holding
    roles: Parts[tuple[RoleKey, Sightings]]  # one per article that states a role
    people: Parts[Named]  # one per article that names a person, by name
    holders: Parts[Holder]  # filed by the pass, by post: each holder of a post once
    unresolved: list[tuple[str, date | None, Unresolved]] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)  # one copy of each post IRI and scope

    @classmethod
    def on_disk(cls, folder: Path, parts: int = 1) -> Index:
        """An empty index whose tables go to ``parts`` parts each in ``folder``."""
        return cls(Parts(folder, "held", parts), Parts(folder, "roles", parts), Parts(folder, "people", parts),
                   Parts(folder, "holders", parts))

    def add_seen(self, graph: str, published: PartialDate | None, persons: Iterable[PersonSeen],
                 unresolved: Iterable[Unresolved], roles: Iterable[RoleSeen] = ()) -> None:
        day, one = as_date(published), self.strings.setdefault
        for person in persons:
            posts = tuple(one(p, p) for p in person.posts)
            self.people.add(person.name, (person.iri, person.name, one(person.scope, person.scope), posts))
            flagged = [(False, post) for post in person.posts] + [(True, post) for post in person.former]
            for (former, post), quote in zip(flagged, person.quotes, strict=True):
                post = one(post, post)
                self.held.add(post, ((person.iri, post, former), (day, day, 1, graph, quote)))
        self.unresolved += [(graph, day, u) for u in unresolved]
        for role in roles:
            self.add_role((role.event, role.role, role.agent), (day, day, 1, graph, role.quote))

    def add_role(self, key: RoleKey, sightings: Sightings) -> None:
        self.roles.add(key[0], (key, sightings))


Needed = tuple[str, PartialDate | None, tuple[PersonSeen, ...], tuple[Unresolved, ...], tuple[RoleSeen, ...]]


def _needed(result: ArticleTriples) -> Needed:
    """What the pass needs of an article: its graph, date, people, roles and the roles left with a post."""
    return result.graph, result.date, result.persons, result.unresolved, result.roles


class Log:
    """``with Log(path) as log:`` appends what the pass needs of each article added to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Log:
        self._file: BinaryIO = open(self.path, "wb")  # noqa: SIM115 - closed by __exit__
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def add(self, result: ArticleTriples) -> None:
        self.write(record(result))

    def write(self, made: bytes) -> None:
        """Append an article's ``record``, made elsewhere (by the worker that extracted it)."""
        self._file.write(made)


def record(result: ArticleTriples) -> bytes:
    """What the pass needs of an article, as a ``Log`` keeps it."""
    return pickle.dumps(_needed(result), protocol=pickle.HIGHEST_PROTOCOL)


_PART_BYTES = 16 << 20  # of the log, per part of the sightings: about 30 MB of sums in memory at a time


def read_log(path: Path, parts: int | None = None) -> Index:
    """The index of every article a ``Log`` wrote to ``path``, its sightings in ``parts`` parts
    beside it (by default one per ``_PART_BYTES`` of the log)."""
    count = parts or 1 + path.stat().st_size // _PART_BYTES
    index = Index.on_disk(path.parent / f"{path.stem}.parts", count)
    with open(path, "rb") as fh:
        while True:
            try:
                needed: Needed = pickle.load(fh)  # noqa: S301 - our own file
            except EOFError:
                return index
            index.add_seen(*needed)


def _widen(sightings: Sightings | None, more: Sightings) -> Sightings:
    if sightings is None:
        return more
    firsts = [d for d in (sightings[0], more[0]) if d is not None]
    lasts = [d for d in (sightings[1], more[1]) if d is not None]
    earliest = min(sightings, more, key=_earliest)
    return (min(firsts, default=None), max(lasts, default=None), sightings[2] + more[2], earliest[3], earliest[4])


def _earliest(sightings: Sightings) -> tuple[bool, date, str, str]:
    """Sightings by their first article: its day (the undated last), then graph IRI and quote."""
    first, _last, _articles, graph, quote = sightings
    return first is None, first or date.min, graph, quote


def as_date(value: PartialDate | None) -> date | None:
    """A full date only: a month ("2024-12") is too vague to date a post by."""
    if value is None or value.year is None or value.month is None or value.day is None:
        return None
    return date(value.year, value.month, value.day)


@dataclass(frozen=True, slots=True)
class Plan:
    renames: dict[str, str]  # person IRI → the IRI it is merged into
    drop: frozenset[str]  # staged quads to leave out (replaced by ``extra``)
    extra: tuple[str, ...]  # N-Quads lines to add
    held: Parts[tuple[Key, Sightings]]  # (person, post, former) seen in an article, by post
    roles: Parts[tuple[RoleKey, Sightings]]  # (event, role, agent) seen in an article, by event
    base: str

    def lines(self) -> Iterator[str]:
        """Every statement the pass adds, as text of whole N-Quads lines: ``extra``, then ``summaries``."""
        yield from self.extra
        yield from self.summaries()

    def summaries(self) -> Iterator[str]:
        """The build's tenures and roles, the statements of one node at a time, made as they are
        written, not kept. All in the merged graph, and stated nowhere else (the nodes are the pass's
        own), so they need not be made unique with the staged statements. A node's statements come
        together, after the one that links it to its person or event: Turtle groups them. The
        sightings are summed one part at a time, people renamed: a part's nodes in order."""
        merged = f"<{self.base}graph/merged> .\n"
        for held in self.held.parts():
            yield from _tenure_lines(_tenures(held, self.renames), self.base, merged)
        for roles in self.roles.parts():
            yield from _role_lines(_roles(roles, self.renames), self.base, merged)

    def rewriter(self) -> Rewriter:
        """What applies the plan to blocks of N-Quads lines, its pattern compiled once."""
        renames = {old.encode(): f"<{new}>".encode() for old, new in self.renames.items()}
        return Rewriter(renames, _folders_of(self.renames) if renames else None,
                        frozenset(line.encode() for line in self.drop))


def _folders_of(iris: Iterable[str]) -> re.Pattern[bytes]:
    """Any IRI, in angle brackets, in the folders of these (``<base>person/``: one for a build's
    people). A pattern made of the renamed IRIs themselves grew with them: at 100,000 articles,
    38,852 of them took the process from 126 to 181 MiB to compile, and kept 25 (this one, 3);
    nor was it faster (704 MB of a build's lines: 1.19 CPU-seconds against 1.12)."""
    folders = sorted({iri[: iri.rfind("/") + 1].encode() for iri in iris})
    return re.compile(b"<((?:" + b"|".join(map(re.escape, folders)) + b")[^>]*)>")


@dataclass(frozen=True, slots=True)
class Rewriter:
    """Applies a plan to a block of whole N-Quads lines (UTF-8): dropped lines left out, renamed
    IRIs replaced; one pass per kind of change. The pattern finds the IRIs that a rename may
    change (those in the renamed ones' folders), the table says which it does."""

    renames: dict[bytes, bytes]  # old IRI → the new one, in angle brackets
    pattern: re.Pattern[bytes] | None  # any IRI where an old one may be, in angle brackets
    dropped: frozenset[bytes]  # lines to leave out

    def __call__(self, block: bytes) -> bytes:
        """The block rewritten."""
        if self.dropped:
            block = b"".join(line for line in block.splitlines(keepends=True) if line not in self.dropped)
        if self.pattern is not None:
            block = self.pattern.sub(lambda m: self.renames.get(m.group(1), m.group(0)), block)
        return block

    def rename(self, block: bytes) -> tuple[bytes, bytes]:
        """The block with the renamed IRIs replaced (no line dropped), and the lines that held
        one, as they were: what a store that loaded the block unchanged removes, to load them
        rewritten. One pass of the pattern: the lines are found where it replaced."""
        if self.pattern is None:
            return block, b""
        starts: list[int] = []

        def new(found: re.Match[bytes]) -> bytes:
            renamed = self.renames.get(found.group(1))
            if renamed is None:
                return found.group(0)
            starts.append(found.start())
            return renamed

        renamed = self.pattern.sub(new, block)
        lines, last = [], -1
        for at in starts:
            start = block.rfind(b"\n", 0, at) + 1
            if start > last:  # not the line of the last IRI replaced
                lines.append(block[start : block.index(b"\n", at) + 1])
                last = start
        return renamed, b"".join(lines)


def plan(index: Index, base: str) -> Plan:
    """The pass's decisions; the roles that titles resolve to are filed in ``index.roles``."""
    merged = f"<{base}graph/merged> .\n"
    names: dict[str, str] = {}  # of the people renamed and those they become
    renames = _same_name(index, names) | _slips(index.holders, names)
    renames = {k: final for k, v in renames.items() if (final := _final(v, renames)) != k}
    index.people.remove()
    index.holders.remove()
    extra = [f"<{canon}> <{VNPOL.alias}> {vi(names[old])} {merged}"
             for old, canon in sorted(renames.items()) if names[old] != names[canon]]
    drop, resolved = _resolve_titles(index, _holders(index, renames), merged)
    drop += [f"<{old}> <{RDFS.label}> {vi(names[old])} {merged}" for old in renames]  # now an alias
    return Plan(renames, frozenset(drop), tuple(extra + resolved), index.held, index.roles, base)


def _final(target: str, renames: dict[str, str]) -> str:
    """Where a chain of renames ends; a chain that comes back on itself (a slip one way, a
    shared seat the other) ends at the smallest IRI of its loop."""
    seen: dict[str, None] = {}
    while target in renames and target not in seen:
        seen[target] = None
        target = renames[target]
    if target in seen:
        chain = list(seen)
        return min(chain[chain.index(target):])
    return target


def _people(named: Iterable[Named]) -> dict[str, _Person]:
    """The people of one part, each with the posts it was named with and how many articles name it."""
    people: dict[str, _Person] = {}
    for iri, name, scope, posts in named:
        entry = people.get(iri)
        if entry is None:
            entry = people[iri] = _Person(name, scope, iri)
        if new := tuple(p for p in posts if p not in entry.posts):
            entry.posts += new
        entry.articles += 1
    return people


def _same_name(index: Index, names: dict[str, str]) -> dict[str, str]:
    """Same name and a post in common (one seat, one person), or no post at all beside a single
    holder. A part of the people at a time (a name's people are all in one part), the holders of
    each post filed meanwhile, by post, for ``_slips``."""
    renames: dict[str, str] = {}
    for named in index.people.parts():
        people = _people(named)
        found = _same_name_among(people)
        names.update((iri, people[iri].name) for pair in found.items() for iri in pair)
        renames |= found
        for person in people.values():
            for post in person.posts:
                index.holders.add(post, (post, person.iri, person.name, person.articles))
    return renames


def _same_name_among(people: dict[str, _Person]) -> dict[str, str]:
    by_name: dict[str, list[str]] = defaultdict(list)
    for person_iri, person in sorted(people.items()):
        if person.scope != "byline":
            by_name[person.name].append(person_iri)
    renames: dict[str, str] = {}
    for iris in by_name.values():
        holders = [i for i in iris if people[i].posts]
        first_of: dict[str, int] = {}  # post → the first holder of it (by position), so that
        for i, later in enumerate(holders):  # a name held by many is not compared pair by pair
            posts = people[later].posts
            first = min((first_of[p] for p in posts if p in first_of), default=None)
            for post in posts:
                first_of.setdefault(post, i)
            if first is not None:
                renames[later] = _final(holders[first], renames)
        distinct = {_final(h, renames) for h in holders}
        if len(distinct) == 1:
            renames |= {i: distinct.copy().pop() for i in iris if not people[i].posts}
    return renames


def _slips(holders: Parts[Holder], names: dict[str, str]) -> dict[str, str]:
    """A rarer spelling one letter away from a commoner one, for the same post, is a slip of it:
    a part of the posts at a time; a spelling found a slip under several posts is one of the
    commoner spelling of the first post (by IRI)."""
    found: list[tuple[str, str, str]] = []  # post, rare spelling, commoner one
    for filed in holders.parts():
        by_post: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for post, iri, name, articles in filed:
            by_post[post].append((iri, name, articles))
        for post, held in by_post.items():
            found += [(post, rare, common) for rare, common in _slips_of(held, names).items()]
    renames: dict[str, str] = {}
    for _post, rare, common in sorted(found):
        renames.setdefault(rare, common)
    return renames


def _slips_of(held: list[tuple[str, str, int]], names: dict[str, str]) -> dict[str, str]:
    """Of the holders of one post (IRI, name, articles), each slip and the spelling it is a slip
    of; the names of both go to ``names``."""
    ranked = sorted(held, key=lambda h: (-h[2], h[1], h[0]))
    rank = {iri: n for n, (iri, _name, _articles) in enumerate(ranked)}
    name_of = {iri: name for iri, name, _articles in held}
    named: dict[str, list[str]] = defaultdict(list)
    for iri, name, _articles in ranked:
        named[name].append(iri)
    near = _near_names(list(named))
    renames: dict[str, str] = {}
    for rare, name, _articles in ranked[1:]:
        close = sorted({c for n in near[name] for c in named[n]} - {rare}, key=rank.__getitem__)
        common = next((c for c in close if c not in renames and one_edit_apart(name, name_of[c])), None)
        if common is not None and rank[common] < rank[rare]:
            renames.setdefault(rare, common)
    names.update((iri, name_of[iri]) for pair in renames.items() for iri in pair)
    return renames


def _near_names(names: list[str]) -> dict[str, set[str]]:
    """For each name, the names that may be one edit from it: those sharing a deletion key.

    One substitution, insertion or deletion apart ⟹ the same string once a letter is
    deleted from each (or from the longer one): so only those pairs need a closer look,
    instead of every pair of holders of a post.
    """
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in set(names):
        for key in {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}:
            by_key[key].append(name)
    near = {name: {name} for name in names}
    for group in by_key.values():
        if len(group) > 1:  # most keys belong to one name: only the shared ones say anything
            for name in group:
                near[name].update(group)
    return near


def _tenures(held: Iterable[tuple[Key, Sightings]], renames: dict[str, str]) -> dict[Key, Sightings]:
    """The sightings summed by person, post and former, renamed people merged into the person they became."""
    spans: dict[Key, Sightings] = {}
    for (person, post, former), sightings in held:
        key = (renames.get(person, person), post, former)
        spans[key] = _widen(spans.get(key), sightings)
    return spans


def _roles(roles: Iterable[tuple[RoleKey, Sightings]], renames: dict[str, str]) -> dict[RoleKey, Sightings]:
    """The sightings summed by event, role and agent, as ``_tenures``."""
    spans: dict[RoleKey, Sightings] = {}
    for (event, role, agent), sightings in roles:
        key = (event, role, renames.get(agent, agent))
        spans[key] = _widen(spans.get(key), sightings)
    return spans


def _role_lines(roles: dict[RoleKey, Sightings], base: str, merged: str) -> Iterator[str]:
    kind, has, event_of, agent_of, role_of = (f"<{RDF.type}> <{VNPOL.Participation}> {merged}",
                                              f"<{VNPOL.participation}>", f"<{VNPOL.event}>", f"<{VNPOL.agent}>",
                                              f"<{VNPOL.role}>")
    concept = {role: f"<{iri}> {merged}" for role, iri in ROLE_CONCEPT.items()}
    counted = _Counted(merged)
    for event, role, agent in sorted(roles):
        _first, _last, articles, _graph, quote = roles[event, role, agent]
        node = f"<{ids.participation(base, event, role, agent)}>"
        yield (f"<{event}> {has} {node} {merged}{node} {kind}{node} {event_of} <{event}> {merged}"
               f"{node} {agent_of} <{agent}> {merged}{node} {role_of} {concept[role]}{counted(node, articles, quote)}")


def _tenure_lines(tenures: dict[Key, Sightings], base: str, merged: str) -> Iterator[str]:
    kind, membership, member, post_of = (f"<{RDF.type}> <{VNPOL.PostHolding}> {merged}", f"<{ORG.hasMembership}>",
                                         f"<{ORG.member}>", f"<{VNPOL.post}>")
    was = f"<{VNPOL.former}> {literal(True)} {merged}"
    since, until = f"<{VNPOL.firstObserved}>", f"<{VNPOL.lastObserved}>"
    counted = _Counted(merged)
    for person, post, former in sorted(tenures):
        first, last, articles, _graph, quote = tenures[person, post, former]
        node = f"<{ids.tenure(base, person, post, former)}>"
        text = (f"<{person}> {membership} {node} {merged}{node} {kind}{node} {member} <{person}> {merged}"
                f"{node} {post_of} <{post}> {merged}{counted(node, articles, quote)}")
        if former:
            text += f"{node} {was}"
        if first is not None and last is not None:
            text += f"{node} {since} {_day(first)} {merged}{node} {until} {_day(last)} {merged}"
        yield text


class _Counted:
    """What a statement node of the whole build says of its articles: how many, the first one's quote."""

    def __init__(self, merged: str) -> None:
        self.merged, self.count, self.evidence = merged, f"<{VNPOL.articleCount}>", f"<{VNPOL.evidence}>"

    def __call__(self, node: str, articles: int, quote: str) -> str:
        text = f"{node} {self.count} {literal(articles)} {self.merged}"
        return f"{text}{node} {self.evidence} <{quote}> {self.merged}" if quote else text


def _day(value: date) -> str:
    return date_literal(PartialDate(value.year, value.month, value.day))


Holders = dict[str, set[tuple[str, date | None, date | None]]]  # post → (person, first day, last day)


def _holders(index: Index, renames: dict[str, str]) -> Holders:
    """The holders of the posts that some role is left with, each with the days they were
    observed in it: read from the parts those posts are filed in."""
    wanted = {item.post for _graph, _day, item in index.unresolved}
    parts = sorted({index.held.part_of(post) for post in wanted})
    held = (record for n in parts for record in index.held.part(n) if record[0][1] in wanted and not record[0][2])
    holders: Holders = defaultdict(set)
    for (who, post, _former), (first, last, *_rest) in _tenures(held, renames).items():
        holders[post].add((who, first, last))
    return holders


def _resolve_titles(index: Index, holders: Holders, merged: str) -> tuple[list[str], list[str]]:
    """The statements to drop and to add for the roles given by a title alone that the build
    resolves to one holder; each such role is also filed in ``index.roles`` (for its holder,
    or for the post when none is found)."""
    drop, extra = [], []
    asked: dict[str, _Holders] = {}
    for graph, day, item in index.unresolved:
        if item.post not in asked:
            asked[item.post] = _Holders(holders.get(item.post, set()))
        holder = asked[item.post].at(day)
        index.add_role((item.event, item.role, holder or item.post), (day, day, 1, graph, item.quote))
        if holder is None:
            continue
        drop.append(f"<{item.participation}> <{VNPOL.agent}> <{item.post}> <{graph}> .\n")
        extra += [f"<{item.participation}> <{VNPOL.agent}> <{holder}> <{graph}> .\n",
                  f"<{item.event}> <{ROLE_PROPERTY[item.role]}> <{holder}> {merged}"]
    return drop, extra


class _Holders:
    """The holders of one post, each once, with the days they were observed in it.

    ``at(day)``: the one holder observed within a year of ``day`` (with no dates to go by,
    the only holder), found with two bisections whatever the number of holders: the
    holders in the window are those seen first before its end, less those last seen before
    its start, and when there is one it is, of the first group, the one last seen latest.
    """

    def __init__(self, holders: set[tuple[str, date | None, date | None]]) -> None:
        self.people = {person for person, _, _ in holders}
        dated = sorted((first, last, person) for person, first, last in holders if first and last)
        self.firsts = [first for first, _, _ in dated]
        self.lasts = sorted(last for _, last, _ in dated)
        self.latest: list[tuple[date, str]] = list(itertools.accumulate(
            ((last, person) for _, last, person in dated), max))  # of each prefix, the one last seen latest

    def at(self, day: date | None) -> str | None:
        if day is None or not self.firsts:
            return next(iter(self.people)) if len(self.people) == 1 else None
        window = timedelta(days=_WINDOW_DAYS)
        seen_by_end = bisect.bisect_right(self.firsts, day + window)
        gone_before_start = bisect.bisect_left(self.lasts, day - window)
        if seen_by_end - gone_before_start != 1:
            return None
        return self.latest[seen_by_end - 1][1]
