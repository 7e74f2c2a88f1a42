// Sortable tables (tablesort, vendored) on every page load, including instant navigation.
(function () {
  function sortTables() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      if (!table.dataset.sortReady) { new Tablesort(table); table.dataset.sortReady = "1"; }
    });
  }
  if (typeof document$ !== "undefined") { document$.subscribe(sortTables); }
  else { document.addEventListener("DOMContentLoaded", sortTables); }
})();
