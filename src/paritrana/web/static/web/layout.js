// A wide table scrolls inside its own box instead of widening the page: every table in <main>
// not already inside a .scroll or .table-scroll box is put into one, on load and after each
// HTMX swap. Kept in a file so the content security policy can forbid inline scripts.
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
  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  document.addEventListener("htmx:load", function (event) { wrapTables(event.target); });
})();
