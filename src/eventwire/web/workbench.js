// eventwire workbench: map, timeline, table, actor network and article view over the REST API.
// Plain browser JavaScript; the libraries (Leaflet, Leaflet.markercluster, d3, topojson-client)
// and the Natural Earth borders are served by eventwire from src/eventwire/web/vendor/.
"use strict";

const MAX_EVENTS = 5000; // loaded at once; the page says so when more match
const SERVER_FILTERS = ["type", "mode", "modality", "actor", "country", "place", "radius_km", "text", "level"];

// PLOVER types, coloured by quad class: conflict in reds and purples, cooperation in blues and greens.
const TYPE_COLOURS = {
  ASSAULT: "#b2182b", COERCE: "#e4572e", MOBILIZE: "#f28e2b", SANCTION: "#a0522d", PROTEST: "#d4a017",
  THREATEN: "#8e44ad", REJECT: "#b565a7", ACCUSE: "#c06c84", REQUEST: "#7f8c8d",
  AGREE: "#1f77b4", CONSULT: "#4e9fd1", SUPPORT: "#17becf", CONCEDE: "#6baed6",
  COOPERATE: "#2ca02c", AID: "#59a14f", RETREAT: "#8cb369",
};
const colourOf = (type) => TYPE_COLOURS[type] || "#555";

const state = { filters: {}, window: null, selected: null, article: null };
let loaded = [];      // events from the server for the current filters
let visible = [];     // those inside the timeline window
let total = 0;
let map, clusters, markersById = new Map();
let timeline = null;  // {brush, x, g}

// --- small helpers -------------------------------------------------------------------------------

const $ = (sel) => document.querySelector(sel);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const names = (entities) => (entities || []).map((e) => e.name || e.entity_text).join(", ");
const placeName = (loc) => (loc ? loc.resolved_place || loc.extracted_place : "");
const sources = (record) => (record.attribution || []).map((a) => a.source).join("; ");
const located = (record) => record.event_loc && record.event_loc.lat !== null && record.event_loc.lon !== null;
const dateLabel = (record) => {
  if (!record.date) return "undated";
  return record.enddate && record.enddate !== record.date ? `${record.date} – ${record.enddate}` : record.date;
};

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new Error(message);
  }
  return body;
}

function setStatus(message, isError = false) {
  const status = $("#status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

// --- the URL holds the view --------------------------------------------------------------------

function readURL() {
  const params = new URLSearchParams(location.search);
  state.filters = {};
  for (const key of SERVER_FILTERS) {
    const value = params.get(key);
    if (value) state.filters[key] = value;
  }
  const from = params.get("from"), to = params.get("to");
  state.window = from && to ? [from, to] : null;
  state.selected = params.get("event");
  state.article = params.get("article");
}

function writeURL() {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) {
    if (value && !(key === "level" && value === "fused")) params.set(key, value);
  }
  if (state.window) { params.set("from", state.window[0]); params.set("to", state.window[1]); }
  if (state.selected) params.set("event", state.selected);
  if (state.article) params.set("article", state.article);
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
  updateExportLinks();
}

function serverQuery(extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) params.set(key, value);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

function updateExportLinks() {
  const extra = state.window ? { since: state.window[0], until: state.window[1] } : {};
  for (const format of ["jsonl", "csv", "acled-csv", "geojson", "parquet"]) {
    $(`#export-${format}`).href = `/api/export?${serverQuery({ ...extra, format })}`;
  }
}

function fillForm() {
  for (const key of SERVER_FILTERS) {
    const input = document.querySelector(`#filters [name="${key}"]`);
    input.value = state.filters[key] || (key === "level" ? "fused" : "");
  }
}

// --- loading and the time window ---------------------------------------------------------------

async function load() {
  setStatus("Loading events…");
  try {
    const page = await api(`/api/events?${serverQuery({ limit: MAX_EVENTS })}`);
    loaded = page.items;
    total = page.total;
  } catch (error) {
    loaded = []; total = 0;
    setStatus(`Could not load events: ${error.message}`, true);
    render(true);
    return;
  }
  render(true);
}

function inWindow(record) {
  if (!state.window) return true;
  if (!record.date) return false;
  return (record.enddate || record.date) >= state.window[0] && record.date <= state.window[1];
}

function render(fitMap = false) {
  visible = loaded.filter(inWindow);
  if (state.selected && !visible.some((r) => r.id === state.selected)) {
    state.selected = null; // the filters or the window hide it: table and evidence must agree
  }
  drawMap(fitMap);
  drawTimeline();
  drawTable();
  drawNetwork();
  drawLegend();
  showDetail(state.selected);
  writeURL();
  const articles = new Set(visible.map((r) => r.article_id)).size;
  if (!$("#status").classList.contains("error") || loaded.length) {
    const more = total > loaded.length ? ` (the first ${loaded.length} of ${total} loaded; narrow the filters)` : "";
    const windowed = state.window ? ` · ${visible.length} in ${state.window[0]} – ${state.window[1]}` : "";
    setStatus(`${loaded.length} events${more}${windowed} · ${articles} articles`);
  }
}

// --- map ---------------------------------------------------------------------------------------

async function initMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, preferCanvas: false })
    .setView([25, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth (public domain)");
  clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 36, spiderfyOnMaxZoom: true,
    iconCreateFunction: (cluster) => {
      const children = cluster.getAllChildMarkers();
      const counts = {};
      for (const m of children) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
      const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
      const size = children.length < 10 ? 30 : children.length < 100 ? 36 : 44;
      return L.divIcon({
        html: `<div style="border-color:${colourOf(top)}"><span>${children.length}</span></div>`,
        className: "ew-cluster", iconSize: [size, size],
      });
    },
  });
  map.addLayer(clusters);
  try {
    const topo = await fetch("/static/vendor/countries-50m.json").then((r) => r.json());
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      style: { color: "#8c8a84", weight: 0.7, fillColor: "#f4f2ec", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  } catch (error) {
    setStatus(`Could not load the country borders: ${error.message}`, true);
  }
}

function drawMap(fit) {
  clusters.clearLayers();
  markersById = new Map();
  const markers = [];
  for (const record of visible) {
    if (!located(record)) continue;
    const selected = record.id === state.selected;
    const marker = L.marker([record.event_loc.lat, record.event_loc.lon], {
      eventType: record.event,
      icon: L.divIcon({
        className: `ew-marker${selected ? " selected" : ""}`,
        html: `<span data-event-id="${record.id}" style="background:${colourOf(record.event)}"></span>`,
        iconSize: [16, 16],
      }),
      title: `${record.event} · ${placeName(record.event_loc)} · ${dateLabel(record)}`,
      riseOnHover: true,
    });
    marker.on("click", () => select(record.id));
    markersById.set(record.id, marker);
    markers.push(marker);
  }
  clusters.addLayers(markers);
  if (fit && markers.length) {
    const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
    map.fitBounds(bounds.pad(0.2), { maxZoom: 7 });
  }
}

function drawLegend() {
  const present = [...new Set(visible.map((r) => r.event))].sort();
  const legend = $("#legend");
  legend.replaceChildren(...present.map((type) =>
    el("span", { class: "legend-item" }, el("i", { style: `background:${colourOf(type)}` }), type)));
}

// --- timeline ----------------------------------------------------------------------------------

const parseDay = (text) => new Date(`${text}T00:00:00Z`);
const formatDay = d3.utcFormat("%Y-%m-%d");

function drawTimeline() {
  const container = $("#timeline");
  const width = Math.max(container.clientWidth, 300), height = 120;
  const margin = { top: 8, right: 16, bottom: 22, left: 32 };
  const dated = loaded.filter((r) => r.date);
  const svg = d3.select(container).selectAll("svg").data([null]).join("svg")
    .attr("width", width).attr("height", height);
  svg.selectAll("*").remove();
  if (!dated.length) {
    svg.append("text").attr("x", 12).attr("y", 40).attr("class", "empty-note").text("No dated events.");
    timeline = null;
    return;
  }
  let [start, end] = d3.extent(dated, (r) => parseDay(r.date));
  start = d3.utcDay.offset(start, -3);
  end = d3.utcDay.offset(end, 4);
  const x = d3.scaleUtc().domain([start, end]).range([margin.left, width - margin.right]);
  const days = (end - start) / 864e5;
  const interval = days <= 120 ? d3.utcDay : days <= 900 ? d3.utcWeek : d3.utcMonth;
  const bins = d3.bin().value((r) => parseDay(r.date)).domain(x.domain())
    .thresholds(interval.range(start, end))(dated);
  const y = d3.scaleLinear().domain([0, d3.max(bins, (b) => b.length) || 1]).nice()
    .range([height - margin.bottom, margin.top]);
  const inside = (bin) => state.window === null ||
    (formatDay(bin.x1) > state.window[0] && formatDay(bin.x0) <= state.window[1]);
  svg.append("g").attr("class", "bars").selectAll("rect").data(bins).join("rect")
    .attr("x", (b) => x(b.x0) + 0.5).attr("width", (b) => Math.max(1, x(b.x1) - x(b.x0) - 1))
    .attr("y", (b) => y(b.length)).attr("height", (b) => y(0) - y(b.length))
    .attr("class", (b) => (inside(b) ? "bar in" : "bar out"))
    .append("title").text((b) => `${formatDay(b.x0)}: ${b.length} events`);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(3).tickFormat(d3.format("d")));
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return; // moved by the code below, not the user
      if (!event.selection) { setWindow(null); return; }
      const [a, b] = event.selection.map(x.invert);
      setWindow([formatDay(d3.utcDay.floor(a)), formatDay(d3.utcDay.offset(d3.utcDay.ceil(b), -1))]);
    });
  const g = svg.append("g").attr("class", "brush").call(brush);
  if (state.window) {
    brush.move(g, [x(parseDay(state.window[0])), x(d3.utcDay.offset(parseDay(state.window[1]), 1))]);
  }
  timeline = { brush, x, g };
  $("#window-label").textContent = state.window ? `${state.window[0]} – ${state.window[1]}` : "all dates";
}

function setWindow(window) {
  if (window && window[1] < window[0]) window = [window[0], window[0]];
  state.window = window;
  render(false);
}

// --- table -------------------------------------------------------------------------------------

function drawTable() {
  const body = $("#events-table tbody");
  const rows = visible.slice(0, 1000).map((record) => el("tr", {
    "data-event-id": record.id,
    class: record.id === state.selected ? "selected" : null,
    onclick: () => select(record.id, { fromTable: true }),
  },
  el("td", { class: "nowrap" }, dateLabel(record)),
  el("td", {}, el("span", { class: "type", style: `background:${colourOf(record.event)}` }, record.event)),
  el("td", {}, record.mode || ""),
  el("td", {}, names(record.actor)),
  el("td", {}, names(record.recipient)),
  el("td", {}, placeName(record.event_loc)),
  el("td", {}, record.modality || ""),
  el("td", {}, sources(record)),
  el("td", { class: "num" }, record.size && record.size.dead !== null ? record.size.dead : "")));
  body.replaceChildren(...rows);
  const shown = visible.length > 1000 ? `first 1000 of ${visible.length}` : `${visible.length}`;
  $("#table-count").textContent = `${shown} shown`;
}

// --- selection and evidence --------------------------------------------------------------------

function select(id, { fromTable = false } = {}) {
  state.selected = id;
  for (const row of document.querySelectorAll("#events-table tr.selected")) row.classList.remove("selected");
  const row = document.querySelector(`#events-table tr[data-event-id="${CSS.escape(id)}"]`);
  if (row) {
    row.classList.add("selected");
    if (!fromTable) row.scrollIntoView({ block: "nearest" });
  }
  for (const marker of markersById.values()) {
    const icon = marker.getElement && marker.getElement();
    if (icon) icon.classList.remove("selected");
  }
  const marker = markersById.get(id);
  if (marker) {
    const mark = () => { const icon = marker.getElement(); if (icon) icon.classList.add("selected"); };
    if (fromTable) clusters.zoomToShowLayer(marker, mark); else mark();
  }
  writeURL();
  showDetail(id);
}

// Marks text between character offsets with classes; overlapping marks are split at every
// boundary so nested spans (an actor inside an evidence sentence) all show.
function highlight(text, offset, marks, container) {
  const cuts = new Set([0, text.length]);
  const inside = marks.map((m) => ({ ...m, start: m.start - offset, end: m.end - offset }))
    .filter((m) => m.end > 0 && m.start < text.length && m.end > m.start);
  for (const m of inside) { cuts.add(Math.max(0, m.start)); cuts.add(Math.min(text.length, m.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = inside.filter((m) => m.start <= a && m.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { parts.push(document.createTextNode(piece)); continue; }
    const attrs = { class: [...new Set(covering.map((m) => m.cls))].join(" ") };
    const labelled = covering.find((m) => m.title);
    if (labelled) attrs.title = labelled.title;
    const events = covering.map((m) => m.event).filter(Boolean);
    if (events.length) attrs["data-event-id"] = events[events.length - 1];
    parts.push(el("mark", attrs, piece));
  }
  container.replaceChildren(...parts);
}

function marksOf(record, { withSentence = false } = {}) {
  const marks = [];
  const add = (span, cls, title) => {
    if (span && span.length === 2) marks.push({ start: span[0], end: span[1], cls, title, event: record.id });
  };
  if (withSentence) add(record.evidence.span, "hl-sentence");
  add(record.evidence.trigger_span, "hl-trigger", `${record.event} trigger`);
  for (const a of record.actor || []) add(a.span, "hl-actor", `actor: ${a.name}${a.code ? ` (${a.code} ${a.sector || ""})` : ""}`);
  for (const r of record.recipient || []) add(r.span, "hl-recipient", `recipient: ${r.name}${r.code ? ` (${r.code} ${r.sector || ""})` : ""}`);
  const places = record.places && record.places.length ? record.places : record.event_loc ? [record.event_loc] : [];
  for (const p of places) add(p.span, "hl-place", `place: ${placeName(p)}${p.country_code ? `, ${p.country_code}` : ""}`);
  add(record.date_span, "hl-date", `date: ${dateLabel(record)} (${record.date_precision || "?"})`);
  for (const a of record.attribution || []) { add(a.span, "hl-source", `source: ${a.source}`); add(a.cue_span, "hl-source"); }
  return marks;
}

function field(label, ...value) {
  return [el("dt", {}, label), el("dd", {}, ...value)];
}

async function showDetail(id) {
  const detail = $("#detail");
  if (!id) {
    detail.replaceChildren(el("p", { class: "empty" }, "Select an event on the map, the table or the network."));
    return;
  }
  let record;
  try {
    record = await api(`/api/events/${encodeURIComponent(id)}`);
  } catch (error) {
    detail.replaceChildren(el("p", { class: "error" }, `Could not load event ${id}: ${error.message}`));
    return;
  }
  if (state.selected !== id) return; // another selection came first
  const sentence = el("blockquote", { class: "evidence", "data-event-id": record.id });
  highlight(record.evidence.sentence, record.evidence.span[0], marksOf(record), sentence);
  const size = record.size || {};
  const sizeText = ["dead", "injured", "arrested", "displaced"]
    .filter((k) => size[k] !== null && size[k] !== undefined || size[`${k}_text`])
    .map((k) => `${k}: ${size[k] ?? "?"}${size[`${k}_text`] ? ` (“${size[`${k}_text`]}”)` : ""}`).join("; ");
  const loc = record.event_loc;
  const reports = (record.reports || []).map((r) => el("li", {},
    el("a", { href: "#", onclick: (e) => { e.preventDefault(); openArticle(r.article_id, r.event_id); } },
      r.title || r.article_id), ` · ${r.publisher || "unknown publisher"} · ${r.published || "undated"}`));
  const disagreements = (record.disagreements || []).map((d) => el("li", {},
    `${d.field}: `, d.values.map((v) => `${JSON.stringify(v.value)} (${v.reports.length})`).join(" vs ")));
  detail.replaceChildren(
    el("div", { class: "detail-head" },
      el("span", { class: "type", style: `background:${colourOf(record.event)}` }, record.event),
      el("span", { class: "mode" }, [record.mode, record.quad_code].filter(Boolean).join(" · ")),
      el("span", { class: `modality modality-${record.modality}` }, record.modality || "")),
    sentence,
    el("dl", {},
      field("When", dateLabel(record), record.date_text ? ` (“${record.date_text}”, ${record.date_precision})` : "",
        record.date_fallback ? " · publication date stands in" : ""),
      field("Where", loc ? `${placeName(loc)}${loc.admin1 ? `, ${loc.admin1}` : ""}${loc.country_code ? ` (${loc.country_code})` : ""}` : "not located",
        loc && loc.precision ? ` · precision ${loc.precision}` : ""),
      field("Who", names(record.actor) || "—", " → ", names(record.recipient) || "—"),
      field("According to", sources(record) || "the article itself"),
      sizeText ? field("Size", sizeText) : [],
      field("Confidence", record.confidence ?? "—"),
      record.n_publishers !== undefined ? field("Publishers", record.n_publishers) : []),
    disagreements.length ? el("div", { class: "disagreements" }, el("h3", {}, "Reports disagree"), el("ul", {}, disagreements)) : [],
    el("h3", {}, "Reports"), el("ul", { class: "reports" }, reports),
    el("button", { type: "button", id: "open-article", onclick: () => openArticle(...reportToOpen(record)) },
      "Open the article"));
}

// --- article view ------------------------------------------------------------------------------

// A fused event opens the article of its evidence, focused on that article's own report.
function reportToOpen(record) {
  const articleId = record.article_id || record.reports[0].article_id;
  const own = (record.reports || []).find((r) => r.article_id === articleId);
  return [articleId, own ? own.event_id : record.id];
}

async function openArticle(articleId, eventId) {
  let article;
  try {
    article = await api(`/api/articles/${encodeURIComponent(articleId)}`);
  } catch (error) {
    setStatus(`Could not open article ${articleId}: ${error.message}`, true);
    return;
  }
  state.article = articleId;
  writeURL();
  $("#article-title").textContent = article.title || article.id;
  $("#article-meta").textContent = [article.publisher, article.published, article.url, article.source]
    .filter(Boolean).join(" · ") + ` · ${article.events.length} events`;
  const focus = (id) => {
    const marks = article.events.flatMap((r) => marksOf(r, { withSentence: r.id === id }));
    highlight(article.text, 0, marks, $("#article-text"));
    for (const item of document.querySelectorAll("#article-events li")) {
      item.classList.toggle("focused", item.dataset.eventId === id);
    }
    const sentence = document.querySelector("#article-text .hl-sentence");
    if (sentence) sentence.scrollIntoView({ block: "center" });
  };
  $("#article-events").replaceChildren(...article.events.map((r) => el("li", {
    "data-event-id": r.id, onclick: () => focus(r.id),
  }, el("span", { class: "type", style: `background:${colourOf(r.event)}` }, r.event),
  ` ${r.evidence.trigger} · ${names(r.actor) || "?"} → ${names(r.recipient) || "?"} · ${placeName(r.event_loc) || "no place"} · ${dateLabel(r)}`)));
  $("#article-view").hidden = false;
  focus(eventId || (article.events[0] && article.events[0].id));
}

function closeArticle() {
  $("#article-view").hidden = true;
  state.article = null;
  writeURL();
}

// --- actor network -----------------------------------------------------------------------------

function drawNetwork() {
  const svg = d3.select("#network");
  const box = svg.node().getBoundingClientRect();
  const width = Math.max(box.width, 300), height = Math.max(box.height, 260);
  svg.attr("viewBox", `0 0 ${width} ${height}`);
  svg.selectAll("*").remove();
  const nodes = new Map(), links = new Map();
  const node = (mention) => {
    const id = mention.id || `text:${mention.entity_text}`;
    if (!nodes.has(id)) nodes.set(id, { id, name: mention.name || mention.entity_text, sector: mention.sector, code: mention.code, events: 0 });
    return nodes.get(id);
  };
  for (const record of visible) {
    const actors = (record.actor || []).map(node), recipients = (record.recipient || []).map(node);
    for (const n of new Set([...actors, ...recipients])) n.events += 1;
    for (const a of actors) for (const r of recipients) {
      if (a === r) continue;
      const key = `${a.id}|${r.id}|${record.event}`;
      if (!links.has(key)) links.set(key, { source: a.id, target: r.id, type: record.event, count: 0, events: [] });
      const link = links.get(key);
      link.count += 1; link.events.push(record.id);
    }
  }
  if (!nodes.size) {
    svg.append("text").attr("x", 12).attr("y", 30).attr("class", "empty-note").text("No actors in view.");
    return;
  }
  const nodeList = [...nodes.values()], linkList = [...links.values()];
  const simulation = d3.forceSimulation(nodeList)
    .force("link", d3.forceLink(linkList).id((d) => d.id).distance(70))
    .force("charge", d3.forceManyBody().strength(-160))
    .force("x", d3.forceX(width / 2).strength(0.06))
    .force("y", d3.forceY(height / 2).strength(0.09))
    .force("collide", d3.forceCollide(18))
    .stop();
  for (let i = 0; i < 300; i++) simulation.tick(); // a static layout: the same view every time
  for (const n of nodeList) {
    n.x = Math.max(14, Math.min(width - 14, n.x));
    n.y = Math.max(14, Math.min(height - 14, n.y));
  }
  const defs = svg.append("defs");
  for (const type of new Set(linkList.map((l) => l.type))) {
    defs.append("marker").attr("id", `arrow-${type}`).attr("viewBox", "0 -4 8 8").attr("refX", 16).attr("refY", 0)
      .attr("markerWidth", 6).attr("markerHeight", 6).attr("orient", "auto")
      .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", colourOf(type));
  }
  svg.append("g").attr("class", "links").selectAll("path").data(linkList).join("path")
    .attr("d", (l) => {
      const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y, dr = Math.hypot(dx, dy) * 1.6;
      return `M${l.source.x},${l.source.y}A${dr},${dr} 0 0,1 ${l.target.x},${l.target.y}`;
    })
    .attr("stroke", (l) => colourOf(l.type)).attr("stroke-width", (l) => 1.2 + Math.log2(l.count) * 1.5)
    .attr("marker-end", (l) => `url(#arrow-${l.type})`)
    .on("click", (_event, l) => select(l.events[0]))
    .append("title").text((l) => `${l.source.name} → ${l.target.name}: ${l.type} × ${l.count}`);
  const radius = (n) => 5 + Math.sqrt(n.events) * 2.5;
  const nodesG = svg.append("g").attr("class", "nodes").selectAll("g").data(nodeList).join("g")
    .attr("transform", (n) => `translate(${n.x},${n.y})`)
    .attr("data-actor", (n) => n.name)
    // The actor filter matches names, so a click shows this actor's events (and the URL keeps it).
    .on("click", (_event, n) => { state.filters.actor = n.name; fillForm(); load(); });
  nodesG.append("circle").attr("r", radius).attr("class", (n) => `sector-${n.sector || "none"}`);
  // Labels point inwards, so names near the right edge stay inside the panel.
  const onRight = (n) => n.x > width * 0.6;
  nodesG.append("text").attr("x", (n) => (onRight(n) ? -1 : 1) * (radius(n) + 3)).attr("y", 4)
    .attr("text-anchor", (n) => (onRight(n) ? "end" : "start")).text((n) => n.name);
  nodesG.append("title").text((n) => `${n.name}${n.code ? ` · ${n.code}` : ""}${n.sector ? ` ${n.sector}` : ""} · ${n.events} events · click to filter`);
}

// --- start -------------------------------------------------------------------------------------

async function start() {
  readURL();
  const meta = await api("/api/meta").catch(() => ({ types: Object.keys(TYPE_COLOURS) }));
  const typeSelect = $("#f-type");
  for (const type of meta.types) typeSelect.append(el("option", { value: type }, type));
  fillForm();
  $("#filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    state.filters = {};
    for (const key of SERVER_FILTERS) {
      const value = String(data.get(key) || "").trim();
      if (value) state.filters[key] = value;
    }
    load();
  });
  $("#reset").addEventListener("click", () => {
    state.filters = {}; state.window = null; state.selected = null; fillForm(); load();
  });
  $("#clear-window").addEventListener("click", (event) => { event.preventDefault(); setWindow(null); });
  $("#article-close").addEventListener("click", closeArticle);
  $("#article-view").addEventListener("click", (event) => { if (event.target.id === "article-view") closeArticle(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !$("#article-view").hidden) closeArticle(); });
  let resizeTimer;
  window.addEventListener("resize", () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => { drawTimeline(); drawNetwork(); }, 150); });
  await initMap();
  await load();
  if (state.article) openArticle(state.article, state.selected);
  document.body.dataset.ready = "true"; // the browser tests wait for this
}

start();
