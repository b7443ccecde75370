"""The page of an event, a person or a body: side lists and a small network around it.

Every list shows everything the graph says; the network draws the entity at the centre and
its most telling neighbours on a ring (at most ``RING_MAX``), so that labels stay readable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from kg.views.graph import Attrs, Net, observed
from kg.views.styles import EDGE_ORDER, EDGE_STYLES, EVENT_ROLES, ROLES, clip, joined, name_key, show_date
from kg.views.vis import vis_data

RING_MAX: Final = 24  # neighbours drawn around an entity (the side lists show more)
# The side lists of a page are cut at these lengths (and say how many more there are): the
# reading of a page is then bounded, however many events a body organised (kg.views.scope).
LIST_MAX: Final = 200  # events an agent took part in, agents of an event, per role
HOLDERS_MAX: Final = 100  # holders of a body's posts (each with the dates they were observed)
# Posts named in the hover text of a person (the others counted): all that is read of the posts
# of a person drawn on a page or in the overview but not the subject of the page.
TITLE_POSTS_MAX: Final = 10
MET_EVENTS: Final = 100  # a person's latest events, in which the people met most often are counted
_EVENTS_MAX: Final = 12  # events drawn on a person's page
_MET_MAX: Final = 6  # co-participants drawn on a person's page
MET_LISTED: Final = 20  # co-participants listed on a person's page


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    href: str | None  # relative to views/, None when the entity has no page
    note: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Page:
    rel: str  # path under views/
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    data: dict[str, Any]  # vis nodes, edges and options, embedded as JSON
    notes: tuple[str, ...] = ()  # shown above the legend
    filters: dict[str, Any] | None = None  # the overview's filter choices


def by_date(net: Net, events: Iterable[str]) -> list[str]:
    def key(e: str) -> tuple[str, tuple[str, str], str]:
        return net.node(e)["date"], name_key(net.node(e)["label"]), e

    return sorted(set(events), key=key)


def by_name(net: Net, nodes: Iterable[str]) -> list[str]:
    return sorted(set(nodes), key=lambda n: (name_key(net.node(n)["label"]), n))


def link(net: Net, iri: str, urls: Mapping[str, str], note: str = "") -> Link:
    return Link(net.node(iri)["label"], urls.get(iri), note)


def event_link(net: Net, event: str, urls: Mapping[str, str]) -> Link:
    return link(net, event, urls, show_date(net.node(event)["date"]))


def nonempty(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(s for s in sections if s.links)


def _role_title(role: str) -> str:
    style = EDGE_STYLES[role]
    return f"{style.text.capitalize()} ({style.english})"


def _held_note(a: Mapping[str, Any]) -> str:
    return joined("nguyên (former)" if a["former"] else "", observed(a), sep="; ")


def _more(links: Sequence[Link], count: int | None, *, limit: int | None = None,
          latest: bool = False) -> tuple[Link, ...]:
    """At most ``limit`` links (default ``LIST_MAX``; the last ones when ``latest``), then how
    many more of the ``count`` there are (``count`` is None when every link was read)."""
    limit = LIST_MAX if limit is None else limit
    kept = tuple(links[-limit:] if latest else links[:limit])
    more = (len(links) if count is None else max(count, len(links))) - len(kept)
    return kept + ((Link(f"… và {more} mục khác ({more} more)", None),) if more else ())


def _shows(net: Net, iri: str, role: str, edge: tuple[str, str]) -> bool:
    """Whether the page of ``iri`` shows this edge of it: every edge of a role all of which were
    read, else those read for it (``Facts.shown``), not those read along with other pages."""
    shown = net.node(iri)["shown"]
    return role not in shown or edge in shown[role]


def _own_roles(net: Net, agent: str, *roles: str) -> list[tuple[str, Attrs]]:
    """(event, edge attributes) of the agent's roles its own page shows."""
    return [(v, a) for v, a in net.out(agent, *roles) if _shows(net, agent, a["role"], (v, a["role"]))]


def _events_by_role(net: Net, iri: str, urls: Mapping[str, str]) -> list[Section]:
    """The events an agent took part in, one section per role (at most ``LIST_MAX``, the latest
    of those read)."""
    sections = []
    counts = net.node(iri)["counts"]
    for role in EVENT_ROLES:
        events = by_date(net, (v for v, _a in _own_roles(net, iri, role)))
        if events:
            links = [event_link(net, e, urls) for e in events]
            sections.append(Section(_role_title(role), _more(links, counts.get(role), latest=True)))
    return sections


def _prominent_events(net: Net, agent: str, limit: int) -> list[str]:
    """Up to ``limit`` events of an agent: chaired first, then reported, spoke, attended;
    the most recent first within a role. Returned by date."""
    best: dict[str, int] = {}
    for event, a in _own_roles(net, agent, *EVENT_ROLES):
        best[event] = min(best.get(event, 99), EDGE_ORDER[a["role"]])
    recent = sorted(best, key=lambda e: (net.node(e)["date"], e), reverse=True)
    return by_date(net, sorted(recent, key=best.__getitem__)[:limit])


def latest(net: Net, events: Iterable[str], limit: int) -> list[str]:
    """The ``limit`` latest events (by date, then IRI)."""
    return sorted(events, key=lambda e: (net.node(e)["date"], e))[-limit:]


def co_participants(net: Net, person: str) -> list[tuple[str, list[str]]]:
    """People who took part in the same events (of the ``MET_EVENTS`` latest of the person),
    with those events, most shared first; the first ``MET_LISTED`` when they were read with
    the person (:mod:`kg.views.scope`), all of them on a whole graph."""
    known: list[tuple[str, list[str]]] | None = net.node(person)["met"]
    if known is not None:
        return known
    shared: dict[str, set[str]] = defaultdict(set)
    for event in latest(net, {v for v, _a in _own_roles(net, person, *ROLES)}, MET_EVENTS):
        for other, _a in net.into(event, *ROLES):
            if other != person and net.node(other)["kind"] == "person":
                shared[other].add(event)
    ranked = sorted(shared, key=lambda p: (-len(shared[p]), name_key(net.node(p)["label"]), p))
    return [(p, by_date(net, shared[p])) for p in ranked]


def _met_edge(net: Net, person: str, other: str, events: Sequence[str]) -> dict[str, Any]:
    names = "; ".join(clip(net.node(e)["label"], 80) for e in events[:10])
    title = (f"{net.node(person)['label']} và {net.node(other)['label']} cùng dự "
             f"{len(events)} sự kiện: {names}{' …' if len(events) > 10 else ''}")
    return {"from": person, "to": other, "color": EDGE_STYLES["met"].color, "width": 1.2, "dashes": True,
            "roles": ["met"], "arrows": {"to": {"enabled": False}}, "title": title}


def _posts_section(net: Net, iri: str, held: Sequence[tuple[str, Attrs]], urls: Mapping[str, str]) -> Section:
    posts = [Link(a["post_label"], urls.get(body), joined(net.node(body)["label"], _held_note(a), sep="; "))
             for body, a in held]
    posts += [Link(label, None) for label in net.node(iri)["loose_posts"]]
    return Section("Chức vụ (posts held)", tuple(posts))


def _held(net: Net, iri: str) -> list[tuple[str, Attrs]]:
    return sorted(net.out(iri, "holds"), key=lambda va: (va[1]["former"], name_key(va[1]["post_label"])))


def _person_ring(net: Net, iri: str, held: Sequence[tuple[str, Attrs]],
                 met: Sequence[tuple[str, list[str]]]) -> list[str]:
    ring = [*dict.fromkeys(v for v, _a in held[:4]), *_prominent_events(net, iri, _EVENTS_MAX),
            *(p for p, _es in met[:_MET_MAX])]
    return list(dict.fromkeys(ring))


def person_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    held = _held(net, iri)
    met = co_participants(net, iri)
    sections = [_posts_section(net, iri, held, urls), *_events_by_role(net, iri, urls),
                Section("Gặp nhiều nhất (met most often)", tuple(
                    link(net, p, urls, f"cùng dự {len(es)} sự kiện") for p, es in met[:MET_LISTED]))]
    drawn_met = met[:_MET_MAX]
    data = vis_data(net, [iri, *_person_ring(net, iri, held, met)], urls, root="../", center=iri,
                    extra=[_met_edge(net, iri, p, es) for p, es in drawn_met],
                    notes={p: f"cùng dự {len(es)}" for p, es in drawn_met})
    posts = "; ".join(a["post_label"] for _v, a in held if not a["former"])
    return Page(urls[iri], net.node(iri)["label"], joined("Người (person)", posts), nonempty(sections), data)


def _agents(net: Net, iri: str) -> dict[str, list[tuple[str, Attrs]]]:
    """The agents of an event its own page shows, by role (see ``Facts.shown``)."""
    return {role: [(u, a) for u, a in net.into(iri, role) if _shows(net, iri, role, (u, role))] for role in EVENT_ROLES}


def _event_ring(agents: Mapping[str, Sequence[tuple[str, Attrs]]]) -> list[str]:
    return list(dict.fromkeys(u for pairs in agents.values() for u, _e in pairs))[:RING_MAX]


def event_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    a = net.node(iri)
    agents = _agents(net, iri)
    sections = [Section(_role_title(role), _more([link(net, u, urls, clip(e["quote"], 140)) for u, e in pairs],
                                                 a["counts"].get(role)))
                for role, pairs in agents.items()]
    if a["article"]:
        more = f"; và {a['others']} bài khác" if a["others"] else ""
        note = (a["published"] or "không rõ ngày") + more
        sections.append(Section("Nguồn (source)", (Link(a["headline"] or a["article"], None, note),)))
    data = vis_data(net, [iri, *_event_ring(agents)], urls, root="../", center=iri)
    title = f"{a['label']} ({show_date(a['date'])})" if a["date"] else a["label"]
    subtitle = joined("Sự kiện (event)", a["cls"], show_date(a["date"]), a["place"])
    return Page(urls[iri], title, subtitle, nonempty(sections), data)


def _holders(net: Net, iri: str) -> list[tuple[str, Attrs]]:
    holders = [(u, a) for u, a in net.into(iri, "holds") if _shows(net, iri, "holds", (u, a["post"]))]
    return sorted(holders, key=lambda ua: (name_key(ua[1]["post_label"]), ua[0]))


def _body_ring(net: Net, iri: str, holders: Sequence[tuple[str, Attrs]]) -> list[str]:
    events = _prominent_events(net, iri, RING_MAX - min(len(holders), RING_MAX // 2))
    return list(dict.fromkeys([u for u, _a in holders][: RING_MAX // 2] + events))


def body_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    holders = _holders(net, iri)
    posts = [link(net, u, urls, joined(a["post_label"], _held_note(a), sep="; ")) for u, a in holders]
    listed = _more(posts, net.node(iri)["counts"].get("holds"), limit=HOLDERS_MAX)
    sections = [Section("Chức vụ và người giữ (posts and holders)", listed), *_events_by_role(net, iri, urls)]
    data = vis_data(net, [iri, *_body_ring(net, iri, holders)], urls, root="../", center=iri)
    subtitle = joined("Cơ quan, tổ chức (body)", net.node(iri)["cls"], net.node(iri)["place"])
    return Page(urls[iri], net.node(iri)["label"], subtitle, nonempty(sections), data)


def ring(net: Net, iri: str) -> list[str]:
    """The neighbours drawn around ``iri`` on its page."""
    kind = net.node(iri)["kind"]
    if kind == "event":
        return _event_ring(_agents(net, iri))
    if kind == "person":
        return _person_ring(net, iri, _held(net, iri), co_participants(net, iri))
    return _body_ring(net, iri, _holders(net, iri))


def entity_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    builders = {"event": event_page, "person": person_page, "body": body_page}
    return builders[net.node(iri)["kind"]](net, iri, urls)
