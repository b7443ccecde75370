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
_SPACING: Final = 80.0  # pixels between neighbouring nodes of a force layout


def _near_repulsion(xs: list[float], ys: list[float], k: float) -> tuple[list[float], list[float]]:
    """Exact repulsion k²/d from the nodes closer than 2k, found through a grid of 2k cells."""
    cell, k2 = 2 * k, k * k
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid[(int(x // cell), int(y // cell))].append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    for (cx, cy), members in grid.items():
        near = [(xs[j], ys[j]) for ox in (-1, 0, 1) for oy in (-1, 0, 1)
                for j in grid.get((cx + ox, cy + oy), ())]
        for i in members:
            xi, yi, fx, fy = xs[i], ys[i], 0.0, 0.0
            for xj, yj in near:
                ddx, ddy = xi - xj, yi - yj
                d2 = ddx * ddx + ddy * ddy
                if 0.0 < d2 < cell * cell:
                    fx += ddx * k2 / d2
                    fy += ddy * k2 / d2
            dx[i], dy[i] = fx, fy
    return dx, dy


def _far_repulsion(xs: list[float], ys: list[float], k: float, dx: list[float], dy: list[float]) -> None:
    """Add the repulsion of distant nodes, approximated between the cells of a 12 × 12 grid
    (each cell acts as its node count at its centroid); without it the graph collapses."""
    x0, y0 = min(xs), min(ys)
    size = max(max(xs) - x0, max(ys) - y0, 1e-9) / 11.999
    cells = [(int((x - x0) // size), int((y - y0) // size)) for x, y in zip(xs, ys, strict=True)]
    mass: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for x, y, c in zip(xs, ys, cells, strict=True):
        mass[c][0] += 1
        mass[c][1] += x
        mass[c][2] += y
    centroids = {c: (m, sx / m, sy / m) for c, (m, sx, sy) in mass.items()}
    field: dict[tuple[int, int], tuple[float, float]] = {}
    for c, (_m, cx, cy) in centroids.items():
        fx = fy = 0.0
        for other, (m, ox, oy) in centroids.items():
            if other != c:
                ddx, ddy = cx - ox, cy - oy
                d2 = max(ddx * ddx + ddy * ddy, 1e-12)
                fx += ddx * m * k * k / d2
                fy += ddy * m * k * k / d2
        field[c] = (fx, fy)
    for i, c in enumerate(cells):
        dx[i] += field[c][0]
        dy[i] += field[c][1]


def force_layout(n: int, edges: Sequence[tuple[int, int]], seed: int = 7) -> Points:
    """Positions of nodes 0..n-1 linked by ``edges``, in pixels about 80 apart, centred on 0."""
    if n == 0:
        return []
    rng = random.Random(seed)
    xs = [rng.random() for _ in range(n)]
    ys = [rng.random() for _ in range(n)]
    k = math.sqrt(1.0 / n)
    for step in range(_ROUNDS):
        dx, dy = _near_repulsion(xs, ys, k)
        _far_repulsion(xs, ys, k, dx, dy)
        for a, b in edges:
            ddx, ddy = xs[a] - xs[b], ys[a] - ys[b]
            pull = math.hypot(ddx, ddy) / k
            dx[a], dy[a] = dx[a] - ddx * pull, dy[a] - ddy * pull
            dx[b], dy[b] = dx[b] + ddx * pull, dy[b] + ddy * pull
        temp = 0.1 * (1 - step / _ROUNDS) + 0.002
        for i in range(n):
            length = math.hypot(dx[i], dy[i]) or 1.0
            xs[i] += dx[i] / length * min(length, temp)
            ys[i] += dy[i] / length * min(length, temp)
    return _to_pixels(xs, ys, math.sqrt(n) * _SPACING)


def _to_pixels(xs: list[float], ys: list[float], side: float) -> Points:
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    scale = side / max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return [((x - mx) * scale, (y - my) * scale) for x, y in zip(xs, ys, strict=True)]


def ring(center: str, around: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The entity at the centre, its neighbours in order on a wide ellipse clockwise from the
    top; when crowded, every other node steps outwards so that neighbouring labels do not meet."""
    step = math.tau / max(len(around), 1)
    radius = max(230.0, len(around) * GAP / math.tau)
    pos = {center: (0.0, 0.0)}
    for i, node in enumerate(around):
        r = radius * (1.22 if len(around) > 12 and i % 2 else 1.0)
        angle = -math.pi / 2 + i * step
        pos[node] = (1.45 * r * math.cos(angle), r * math.sin(angle))
    return pos
