// Sortable tables (tablesort, vendored) on every page load, including instant navigation.
(function () {
  function sortTables() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      if (!table.dataset.sortReady) { new Tablesort(table); table.dataset.sortReady = "1"; }
    });
  }
  // Material's document$ emits on each instant navigation, but not when the site is opened from
  // file://; run on load as well (each table is set up once).
  if (typeof document$ !== "undefined") { document$.subscribe(sortTables); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sortTables); }
  else { sortTables(); }
})();

// 我的职责: filter the list of roles by typing (names and other names).
(function () {
  function setup() {
    var input = document.querySelector("input.role-filter");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var count = document.querySelector(".role-filter-count");
    var rows = Array.prototype.slice.call(document.querySelectorAll("article table tbody tr"));
    function apply() {
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var hit = !q || row.cells[0].textContent.toLowerCase().indexOf(q) >= 0;
        row.style.display = hit ? "" : "none";
        row.hidden = !hit;
        if (hit) shown++;
      });
      document.querySelectorAll("article h2").forEach(function (h) {
        var table = h.nextElementSibling;
        while (table && table.tagName !== "TABLE" && !(table.querySelector && table.querySelector("table"))) table = table.nextElementSibling;
        var t = table && (table.tagName === "TABLE" ? table : table.querySelector("table"));
        if (!t) return;
        var any = Array.prototype.some.call(t.tBodies[0].rows, function (r) { return !r.hidden; });
        h.style.display = any ? "" : "none";  // Material's table wrappers set their own display
        (t.closest(".md-typeset__scrollwrap") || t).style.display = any ? "" : "none";
      });
      count.textContent = q ? "找到 " + shown + " 个" : "";
    }
    input.addEventListener("input", apply);
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
