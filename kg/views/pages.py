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

RING_MAX: Final = 24  # neighbours drawn around an entity (the side lists show all)
_EVENTS_MAX: Final = 12  # events drawn on a person's page
_MET_MAX: Final = 6  # co-participants drawn on a person's page
_MET_LISTED: Final = 20  # co-participants listed on a person's page


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


def _events_by_role(net: Net, iri: str, urls: Mapping[str, str]) -> list[Section]:
    """The events an agent took part in, one section per role."""
    sections = []
    for role in EVENT_ROLES:
        events = by_date(net, (v for v, _a in net.out(iri, role)))
        if events:
            sections.append(Section(_role_title(role), tuple(event_link(net, e, urls) for e in events)))
    return sections


def _prominent_events(net: Net, agent: str, limit: int) -> list[str]:
    """Up to ``limit`` events of an agent: chaired first, then reported, spoke, attended;
    the most recent first within a role. Returned by date."""
    best: dict[str, int] = {}
    for event, a in net.out(agent, *EVENT_ROLES):
        best[event] = min(best.get(event, 99), EDGE_ORDER[a["role"]])
    recent = sorted(best, key=lambda e: (net.node(e)["date"], e), reverse=True)
    return by_date(net, sorted(recent, key=best.__getitem__)[:limit])


def co_participants(net: Net, person: str) -> list[tuple[str, list[str]]]:
    """People who took part in the same events, with those events, most shared first."""
    shared: dict[str, set[str]] = defaultdict(set)
    for event in {v for v, _a in net.out(person, *ROLES)}:
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


def person_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    held = sorted(net.out(iri, "holds"), key=lambda va: (va[1]["former"], name_key(va[1]["post_label"])))
    met = co_participants(net, iri)
    sections = [_posts_section(net, iri, held, urls), *_events_by_role(net, iri, urls),
                Section("Gặp nhiều nhất (met most often)", tuple(
                    link(net, p, urls, f"cùng dự {len(es)} sự kiện") for p, es in met[:_MET_LISTED]))]
    drawn_met = met[:_MET_MAX]
    ring = [*dict.fromkeys(v for v, _a in held[:4]), *_prominent_events(net, iri, _EVENTS_MAX),
            *(p for p, _es in drawn_met)]
    data = vis_data(net, [iri, *dict.fromkeys(ring)], urls, root="../", center=iri,
                    extra=[_met_edge(net, iri, p, es) for p, es in drawn_met],
                    notes={p: f"cùng dự {len(es)}" for p, es in drawn_met})
    posts = "; ".join(a["post_label"] for _v, a in held if not a["former"])
    return Page(urls[iri], net.node(iri)["label"], joined("Người (person)", posts), nonempty(sections), data)


def event_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    a = net.node(iri)
    agents = {role: net.into(iri, role) for role in EVENT_ROLES}
    sections = [Section(_role_title(role), tuple(link(net, u, urls, clip(e["quote"], 140)) for u, e in pairs))
                for role, pairs in agents.items()]
    if a["article"]:
        more = f"; và {a['others']} bài khác" if a["others"] else ""
        note = (a["published"] or "không rõ ngày") + more
        sections.append(Section("Nguồn (source)", (Link(a["headline"] or a["article"], None, note),)))
    ring = list(dict.fromkeys(u for pairs in agents.values() for u, _e in pairs))[:RING_MAX]
    data = vis_data(net, [iri, *ring], urls, root="../", center=iri)
    title = f"{a['label']} ({show_date(a['date'])})" if a["date"] else a["label"]
    subtitle = joined("Sự kiện (event)", a["cls"], show_date(a["date"]), a["place"])
    return Page(urls[iri], title, subtitle, nonempty(sections), data)


def body_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    holders = sorted(net.into(iri, "holds"), key=lambda ua: (name_key(ua[1]["post_label"]), ua[0]))
    posts = tuple(link(net, u, urls, joined(a["post_label"], _held_note(a), sep="; ")) for u, a in holders)
    sections = [Section("Chức vụ và người giữ (posts and holders)", posts), *_events_by_role(net, iri, urls)]
    events = _prominent_events(net, iri, RING_MAX - min(len(holders), RING_MAX // 2))
    ring = list(dict.fromkeys([u for u, _a in holders][: RING_MAX // 2] + events))
    data = vis_data(net, [iri, *ring], urls, root="../", center=iri)
    subtitle = joined("Cơ quan, tổ chức (body)", net.node(iri)["cls"], net.node(iri)["place"])
    return Page(urls[iri], net.node(iri)["label"], subtitle, nonempty(sections), data)


def entity_page(net: Net, iri: str, urls: Mapping[str, str]) -> Page:
    builders = {"event": event_page, "person": person_page, "body": body_page}
    return builders[net.node(iri)["kind"]](net, iri, urls)
