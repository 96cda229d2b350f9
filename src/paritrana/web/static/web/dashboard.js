/* Coverage dashboard: draws the server-built Plotly figures, drills down on a click, sorts tables.
 * plotly.js comes from this server (the installed Python package's bundle), never elsewhere. */
(function () {
  "use strict";

  // A Plotly geo subplot fetches a world topojson (from Plotly's own web host by default) for
  // its base map as soon as a choropleth is on it. These maps draw no base map, so an empty topology is
  // registered under the names Plotly would look for: nothing is fetched from anywhere.
  function registerEmptyTopojson() {
    var assets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || {});
    assets.topojson = assets.topojson || {};
    ["world", "asia"].forEach(function (scope) {
      [110, 50].forEach(function (resolution) {
        var name = scope + "_" + resolution + "m";
        if (!assets.topojson[name]) {
          assets.topojson[name] = { type: "Topology", objects: {}, arcs: [] };
        }
      });
    });
  }

  // The national map's polygons are files of their own (cached by the browser for good, their
  // URL changing with the boundaries): a trace names its file by URL, fetched here from this
  // same server, once per file, before the map is drawn.
  var boundaryFiles = {};

  function fetchBoundaries(url) {
    if (!boundaryFiles[url]) {
      boundaryFiles[url] = window.fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return boundaryFiles[url];
  }

  function withBoundaries(figure) {
    var waiting = figure.data
      .filter(function (trace) { return typeof trace.geojson === "string"; })
      .map(function (trace) {
        return fetchBoundaries(trace.geojson).then(function (collection) {
          trace.geojson = collection;
        });
      });
    return Promise.all(waiting).then(function () { return figure; });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source || !window.Plotly) return;
    withBoundaries(JSON.parse(source.textContent)).then(function (figure) {
      plot(element, figure);
    }, function () {
      var note = document.createElement("p");
      note.className = "note error";
      note.textContent = element.dataset.boundariesFailed || "";
      element.appendChild(note);
    });
  }

  function plot(element, figure) {
    var config = {
      responsive: true,
      displaylogo: false,
      scrollZoom: false,
      topojsonURL: "/static/web/topojson/",  // never used (see above); local if it ever were
      modeBarButtonsToRemove: ["select2d", "lasso2d", "sendDataToCloud"],
    };
    window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
      if (!element.dataset.drill) return;
      element.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var url = point && point.customdata;
        if (typeof url === "string" && url.charAt(0) === "/") window.location.assign(url);
      });
    });
  }

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (kind === "number") {
      var raw = cell.dataset.value;
      return raw === undefined || raw === "" || raw === "None" ? null : parseFloat(raw);
    }
    return cell.textContent.trim().toLowerCase();
  }

  function sortable(table) {
    // A table paged by the server is sorted by the server too (its headers are links).
    if (table.dataset.paged) return;
    var headers = table.querySelectorAll("th[data-sort]");
    headers.forEach(function (header) {
      var index = header.cellIndex;
      var link = header.querySelector("a.sort");
      if (!link) header.tabIndex = 0;  // a header with a link is reached through its link
      function sort(event) {
        if (event) event.preventDefault();
        var kind = header.dataset.sort;
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          if (x === y) return 0;
          if (x === null) return 1;  // rows without a value last, either way
          if (y === null) return -1;
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
        headers.forEach(function (h) {
          h.removeAttribute("aria-sort");
          var arrow = h.querySelector(".sort-arrow");
          if (arrow) arrow.textContent = "\u2195";
        });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var mine = header.querySelector(".sort-arrow");
        if (mine) mine.textContent = ascending ? "\u25B2" : "\u25BC";
      }
      header.addEventListener("click", sort);
      if (link) return;  // Enter on the link is a click
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function start() {
    registerEmptyTopojson();
    document.querySelectorAll(".plot[data-figure]").forEach(draw);
    document.querySelectorAll("table.sortable").forEach(sortable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
