"""Interactive, offline HTML views of the graph: RDF → networkx → vis-network pages.

:func:`write_views` writes ``out_dir/views/``::

    index.html          overview network (filters by date, body and role), legend, search,
                        links to every page
    event/<slug>.html   an event: organizer, chairs, attendees, reporters, speakers
    person/<slug>.html  a person: posts held, events by role, people met most often
    body/<slug>.html    a body: its posts and their holders, events it organised or attended
    lib/                only above write.INLINE_MAX_PAGES entity pages: one vis-network
                        shared by them (index.html always carries its own)

The views never hold the whole graph: the store ranks the nodes (SPARQL aggregates), and
each batch of pages and the overview read only what they draw (``VALUES`` blocks), so that
their time and memory do not grow with the build beyond the caps (write.py, pages.py).

One module per step, each third-party library in one of them::

    sparql.py    the edges drawn, as SPARQL; queries about a list of IRIs (kg.rdf.rows)
    census.py    nodes by kind and the most connected ones, counted by the store
    facts.py     plain records: evidence, post holdings, Facts (the part of the graph read)
    reader.py    Reader: what the graph says about some IRIs, each asked about once
    scope.py     what a batch of pages and the overview read; to_networkx (whole graph)
    graph.py     records → networkx MultiDiGraph (the only networkx user); Net, read access
    layout.py    positions: force layout for large overviews, rings around an entity
    vis.py       vis-network node and edge lists and options
    pages.py     event, person and body pages; the length of their lists
    overview.py  the index page: the most connected nodes (overview.MAX_NODES), the main edges
                 among them (MAX_EDGES), filters
    render.py    HTML from template.html.j2 and page.js (the only pyvis and jinja2 user)
    write.py     write_views (and census_of, to take the census once for parts): files written atomically, UTF-8
"""

from kg.views.census import Census
from kg.views.scope import to_networkx
from kg.views.styles import EDGE_STYLES, NODE_STYLES, Style, slug
from kg.views.write import ViewsReport, census_of, write_views

__all__ = [
    "EDGE_STYLES", "NODE_STYLES", "Census", "Style", "ViewsReport", "census_of", "slug", "to_networkx", "write_views",
]
