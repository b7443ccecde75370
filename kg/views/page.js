// The page code of every view; KG (nodes, edges, options) is defined just before it.
// Strings from articles are put into the DOM only through textContent and option text.
(function () {
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  // Hover texts are shown by the page, not by vis-network: put in with textContent (never
  // parsed as markup), and vis has 20,000 fewer titles to process on a large overview.
  const container = document.getElementById("kg-network");
  const tip = document.createElement("div");
  tip.className = "vis-tooltip";
  const show = (text, pointer) => {
    tip.textContent = text;
    tip.style.visibility = "visible";
    const x = Math.min(pointer.DOM.x + 14, container.clientWidth - tip.offsetWidth - 4);
    const y = pointer.DOM.y + 14 + tip.offsetHeight > container.clientHeight ?
      pointer.DOM.y - tip.offsetHeight - 8 : pointer.DOM.y + 14;
    tip.style.left = `${Math.max(x, 0)}px`;
    tip.style.top = `${Math.max(y, 0)}px`;
  };
  const hide = () => { tip.style.visibility = "hidden"; };
  const nodes = new vis.DataSet(KG.nodes.map(({title, ...n}) => n));
  const edges = new vis.DataSet(KG.edges.map(({title, ...e}, i) => ({id: i, ...e})));
  let shown = null;  // null: everything; else {nodes: Set, edges: Set} of ids left by the filters
  const nodeView = new vis.DataView(nodes, {filter: (n) => shown === null || shown.nodes.has(n.id)});
  const edgeView = new vis.DataView(edges, {filter: (e) => shown === null || shown.edges.has(e.id)});
  const network = new vis.Network(container, {}, KG.options);
  container.appendChild(tip);  // after: vis-network empties its container
  network.on("hoverNode", (p) => show(KG.nodes[p.node].title, p.pointer));
  network.on("hoverEdge", (p) => show(KG.edges[p.edge].title, p.pointer));
  for (const name of ["blurNode", "blurEdge", "dragStart", "zoom"]) { network.on(name, hide); }
  window.kgNetwork = network;  // for tests and the benchmark, like window.__kgDrawn below
  window.kgShown = [KG.nodes.length, KG.edges.length];
  let ready = !KG.physics;
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({physics: {enabled: false}}); ready = true; network.fit();
  });
  network.on("afterDrawing", () => {
    if (ready && window.__kgDrawn === undefined) { window.__kgDrawn = performance.now(); }
  });
  network.on("doubleClick", (p) => {
    const node = p.nodes.length ? nodes.get(p.nodes[0]) : null;
    if (node && node.url) { window.location.href = KG.root + node.url; }
  });
  network.setData({nodes: nodeView, edges: edgeView});

  const names = KG.nodes.map((n) => [n.id, fold(n.name)]);
  const items = Array.from(document.querySelectorAll("li[data-name]"),
    (li) => [li, fold(li.dataset.name)]);
  const box = document.getElementById("kg-search");
  box.addEventListener("input", () => {
    const q = fold(box.value.trim());
    for (const [li, name] of items) { li.hidden = q !== "" && !name.includes(q); }
  });
  box.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") { return; }
    const q = fold(box.value.trim());
    const ids = q ? names.filter(([id, name]) => name.includes(q) && nodeView.get(id)).map(([id]) => id) : [];
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], {scale: 1.2, animation: true});
    } else {
      network.fit();
    }
  });

  const form = document.getElementById("kg-filters");
  if (!form) { return; }
  const byId = new Map(KG.nodes.map((n) => [n.id, n]));
  const roleBoxes = Array.from(form.querySelectorAll("input[data-role]"));
  const status = document.getElementById("kg-status");
  // A date "2024-12" or "2024-12-05" is in [a, b] when it overlaps it; "--03-19" (no year) never is.
  const inRange = (date, a, b) => {
    if (!a && !b) { return true; }
    if (!date || date[0] === "-") { return false; }
    return (!a || date >= a.slice(0, date.length)) && (!b || date <= b.slice(0, date.length));
  };
  const compute = () => {
    const roles = new Set(roleBoxes.filter((b) => b.checked).map((b) => b.dataset.role));
    const a = form.elements.from.value, b = form.elements.to.value;
    const body = form.elements.body.value === "" ? null : Number(form.elements.body.value);
    const scoped = Boolean(a || b) || body !== null;
    if (!scoped && roles.size === roleBoxes.length) { return null; }
    let events = KG.nodes.filter((n) => n.kind === "event" && inRange(n.date, a, b)).map((n) => n.id);
    if (body !== null) {
      const own = new Set(KG.edges.filter((e) => e.from === body).map((e) => e.to));
      events = events.filter((id) => own.has(id));
    }
    const inEvents = new Set(events);
    const s = {nodes: new Set(events), edges: new Set()};
    if (body !== null) { s.nodes.add(body); }
    const keep = (i, e) => { s.edges.add(i); s.nodes.add(e.from); s.nodes.add(e.to); };
    const holds = [];
    KG.edges.forEach((e, i) => {
      if (!e.roles.some((r) => roles.has(r))) { return; }
      if (byId.get(e.to).kind !== "event") { holds.push(i); } else if (inEvents.has(e.to)) { keep(i, e); }
    });
    for (const i of holds) {
      const e = KG.edges[i];
      if (!scoped || (body !== null ? e.to === body : s.nodes.has(e.from) && s.nodes.has(e.to))) { keep(i, e); }
    }
    return s;
  };
  const apply = () => {
    shown = compute();
    nodeView.refresh();
    edgeView.refresh();
    window.kgShown = [nodeView.length, edgeView.length];
    status.textContent = shown === null ? "" :
      `Hiển thị ${nodeView.length}/${KG.nodes.length} nút, ${edgeView.length}/${KG.edges.length} cạnh`;
    network.fit();
  };
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply, 0));
  form.addEventListener("submit", (ev) => ev.preventDefault());
})();
