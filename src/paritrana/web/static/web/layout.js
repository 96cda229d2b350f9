// A wide table scrolls inside its own box instead of widening the page: every table in <main>
// not already inside a .scroll or .table-scroll box is put into one, on load and as soon as
// content is put in later (an HTMX swap). A box whose content is wider than it is (it
// scrolls) is made a stop of the Tab key, so that a keyboard reader can scroll it with the
// arrow keys, and named after its table's caption when it has one; a box that fits is no
// stop. Kept in a file so the content security policy can forbid inline scripts.
(function () {
  function wrapTables(root) {
    if (!root || !root.querySelectorAll) return;
    var tables = root.matches && root.matches("main table") ? [root] : [];
    tables = tables.concat(Array.prototype.slice.call(root.querySelectorAll("main table")));
    tables.forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || table.closest(".scroll, .table-scroll") || parent.closest("table")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function markScrolling(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      if (box.hasAttribute("tabindex")) return;
      box.tabIndex = 0;
      box.dataset.scrollStop = "1";
      var caption = box.querySelector("caption");
      if (caption && !box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (box.dataset.scrollStop) {
      box.removeAttribute("tabindex");
      delete box.dataset.scrollStop;
    }
  }

  // The width of a box or of its table can change after load without a resize of the window
  // (a late stylesheet, a busy machine laying the page out again, an HTMX swap inside the box):
  // each box and each table in one is watched, so the Tab stop follows what really scrolls.
  var watcher = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target.closest(".scroll, .table-scroll");
      if (box) markScrolling(box);
    });
  }) : null;

  function markAll() {
    document.querySelectorAll(".scroll, .table-scroll").forEach(function (box) {
      markScrolling(box);
      if (watcher && !box.dataset.watched) {
        box.dataset.watched = "1";
        watcher.observe(box);
        Array.prototype.forEach.call(box.children, function (child) { watcher.observe(child); });
      }
    });
  }

  // Content put into the page later (an HTMX swap, another script) is wrapped and marked as soon
  // as it is in: a mutation observer's answer comes before the page does anything else.
  // `htmx:load` alone came too late: HTMX fires it only when the swap has settled (20 ms after,
  // longer on a busy machine), and until then a wide result scrolled with no Tab stop.
  function watchInsertions() {
    if (!window.MutationObserver) return;
    new MutationObserver(function (mutations) {
      var added = false;
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          var boxes = "table, .scroll, .table-scroll";
          if (node.nodeType !== 1 || !(node.matches(boxes) || node.querySelector(boxes))) return;
          added = true;
          wrapTables(node);
        });
      });
      if (added) markAll();
    }).observe(document.body, { childList: true, subtree: true });
  }

  var pending = null;
  document.addEventListener("DOMContentLoaded", function () {
    wrapTables(document);
    markAll();
    watchInsertions();
  });
  // A table in a closed <details> has no width until the reader opens it.
  document.addEventListener("toggle", markAll, true);
  window.addEventListener("load", markAll);
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markAll, 150);
  });
})();
