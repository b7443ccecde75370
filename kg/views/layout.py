"""Positions computed in Python, so that large pages need no physics in the browser.

networkx's own layouts need numpy, which is not a dependency: the force layout here is a
seeded Fruchterman–Reingold in pure Python, near-linear per round (exact repulsion from
neighbouring grid cells, approximated repulsion between distant cells).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

Points = list[tuple[float, float]]
GAP: Final = 125.0  # pixels per neighbour along a ring, room for a wrapped label
_ROUNDS: Final = 30
_SPACING: Final = 80.0
_GRAVITY: Final = 3.0
_NEAR: Final = 1.2


def _near_repulsion(zs: list[complex], k: float) -> list[complex]:
    """Exact repulsion k²/d between the nodes closer than 2k, found through a grid of 2k cells;
    each pair is visited once (its own cell, then four of the eight neighbouring cells)."""
    cell, k2 = _NEAR * k, k * k
    reach = cell * cell
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, z in enumerate(zs):
        grid[(int(z.real // cell), int(z.imag // cell))].append(i)
    force = [0j] * len(zs)
    for (cx, cy), members in grid.items():
        others = [j for ox, oy in ((1, -1), (1, 0), (1, 1), (0, 1)) for j in grid.get((cx + ox, cy + oy), ())]
        for a, i in enumerate(members):
            zi, f = zs[i], 0j
            for j in members[a + 1:] + others:
                d = zi - zs[j]
                d2 = d.real * d.real + d.imag * d.imag
                if d2 < reach:
                    push = d * (k2 / (d2 or 1e-12))
                    f += push
                    force[j] -= push
            force[i] += f
    return force


def _far_repulsion(zs: list[complex], k: float, force: list[complex]) -> None:
    """Add the repulsion of distant nodes, approximated between the cells of a 12 × 12 grid
    (each cell acts as its node count at its centroid); without it the graph collapses."""
    x0, y0 = min(z.real for z in zs), min(z.imag for z in zs)
    size = max(max(z.real for z in zs) - x0, max(z.imag for z in zs) - y0, 1e-9) / 11.999
    cells = [(int((z.real - x0) // size), int((z.imag - y0) // size)) for z in zs]
    mass: dict[tuple[int, int], list[complex]] = defaultdict(lambda: [0j, 0j])
    for z, c in zip(zs, cells, strict=True):
        mass[c][0] += 1
        mass[c][1] += z
    centroids = [(c, m.real, total / m) for c, (m, total) in mass.items()]
    field: dict[tuple[int, int], complex] = {}
    for c, _m, at in centroids:
        f = 0j
        for other, m, there in centroids:
            if other != c:
                d = at - there
                f += d * (m * k * k / max(d.real * d.real + d.imag * d.imag, 1e-12))
        field[c] = f
    for i, c in enumerate(cells):
        force[i] += field[c]


def force_layout(n: int, edges: Sequence[tuple[int, int]], seed: int = 7) -> Points:
    """Positions of nodes 0..n-1 linked by ``edges``, in pixels about 80 apart, centred on 0."""
    if n == 0:
        return []
    rng = random.Random(seed)
    zs = [complex(rng.random(), rng.random()) for _ in range(n)]
    k = math.sqrt(1.0 / n)
    for step in range(_ROUNDS):
        force = _near_repulsion(zs, k)
        _far_repulsion(zs, k, force)
        centre = sum(zs) / n
        for i, z in enumerate(zs):  # gravity: keeps loose nodes and small parts near the rest
            force[i] += (centre - z) * _GRAVITY
        for a, b in edges:
            pull = (zs[a] - zs[b]) * (abs(zs[a] - zs[b]) / k)
            force[a] -= pull
            force[b] += pull
        temp = 0.1 * (1 - step / _ROUNDS) + 0.002
        for i, f in enumerate(force):
            length = abs(f)
            zs[i] += f * (temp / length) if length > temp else f
    return _to_pixels(zs, math.sqrt(n) * _SPACING)


def _to_pixels(zs: list[complex], side: float) -> Points:
    xs, ys = [z.real for z in zs], [z.imag for z in zs]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    scale = side / max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return [((x - mx) * scale, (y - my) * scale) for x, y in zip(xs, ys, strict=True)]


def ring(center: str, around: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The entity at the centre, its neighbours in order on a wide ellipse clockwise from the
    top; when crowded, every other node steps outwards so that neighbouring labels do not meet."""
    step = math.tau / max(len(around), 1)
    radius = max(260.0, len(around) * GAP / math.tau)
    pos = {center: (0.0, 0.0)}
    for i, node in enumerate(around):
        r = radius * (1.22 if len(around) > 12 and i % 2 else 1.0)
        angle = -math.pi / 2 + i * step
        pos[node] = (1.45 * r * math.cos(angle), r * math.sin(angle))
    return pos
