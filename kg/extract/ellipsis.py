"""Complete titles that a run of titles leaves elliptical.

News writes "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy" for "Ủy viên Ban
Thường vụ Tỉnh ủy, Trưởng Ban Tổ chức Tỉnh ủy", and "Phó Bí thư Đảng ủy, Chủ tịch
UBND phường" for "Phó Bí thư Đảng ủy phường, ...". Within one run:

- a standing committee, inspection commission or party board named without its
  committee takes the party committee of the nearest other title that names one;
- a body named without its level takes the level and place of the nearest other
  title that has them.
Titles after the incomplete one are preferred to those before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kg.model import Body, Post

_NEEDS_COMMITTEE = frozenset({"PartyStandingCommittee", "PartyInspectionCommission", "PartyAdvisoryBoard"})


def complete(run: Sequence[Post]) -> tuple[Post, ...]:
    out = []
    for i, post in enumerate(run):
        donors = list(run[i + 1 :]) + list(reversed(run[:i]))
        out.append(_completed(post, donors))
    return tuple(out)


def _completed(post: Post, donors: list[Post]) -> Post:
    body = post.body
    if body is None:
        return post
    if body.kind in _NEEDS_COMMITTEE and body.parent is None and body.level is None:
        committee = next((c for c in map(_committee, donors) if c is not None), None)
        if committee is not None:
            new = Body(f"{body.label} {committee.label}", body.kind, committee.level, committee.place, committee)
            return replace(post, label=f"{post.label} {committee.label}", body=new)
    if _outer(body).level is None:
        donor = next((_outer(d.body) for d in donors if d.body and _levelled(_outer(d.body))), None)
        if donor is not None and donor.level is not None:
            suffix = " ".join(w for w in (donor.level, donor.place) if w)
            return replace(post, label=f"{post.label} {suffix}", body=_with_level(body, donor, suffix))
    return post


def _committee(post: Post) -> Body | None:
    body = post.body
    while body is not None:
        if body.kind == "PartyCommittee" and body.level not in (None, "trung ương"):
            return body
        body = body.parent
    return None


def _outer(body: Body) -> Body:
    while body.parent is not None and body.parent.level == body.level and body.parent.place == body.place:
        body = body.parent
    return body


def _levelled(body: Body) -> bool:
    return body.level is not None and body.level != "trung ương"


def _with_level(body: Body, donor: Body, suffix: str) -> Body:
    parent = _with_level(body.parent, donor, suffix) if body.parent is not None else None
    return Body(f"{body.label} {suffix}", body.kind, donor.level, donor.place, parent)
