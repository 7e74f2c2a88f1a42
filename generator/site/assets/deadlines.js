// 时限一览: filters by role and topic with a count, and open-ended rows (no days, shown "—")
// kept last whichever way the 天数 column is sorted. Runs on Material's document$ (instant
// navigation) and on load (file://, where document$ may not emit); each table is set up once.
(function () {
  "use strict";

  function setup() {
    var table = document.querySelector("table.deadlines");
    if (!table || table.dataset.deadlinesReady) return;
    table.dataset.deadlinesReady = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.dataset.index = String(i); });

    // tablesort (set up in handbook.js) fires afterSort on the table after each sort
    table.addEventListener("afterSort", function () {
      var header = table.querySelector("th[aria-sort]");
      if (!header || !header.hasAttribute("data-open-last")) return;
      rows.filter(function (row) { return row.hasAttribute("data-open"); })
        .sort(function (a, b) { return a.dataset.index - b.dataset.index; })
        .forEach(function (row) { body.appendChild(row); });
    });

    var box = document.querySelector(".deadline-filters");
    if (!box) return;
    var role = box.querySelector("select[data-filter=role]");
    var topic = box.querySelector("select[data-filter=topic]");
    var count = box.querySelector(".deadline-count");
    var reset = box.querySelector(".deadline-reset");
    var none = document.querySelector(".deadline-none");

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var hit = (!role.value || row.dataset.role === role.value) && (!topic.value || row.dataset.topic === topic.value);
        row.hidden = !hit;
        if (hit) shown++;
      });
      count.textContent = "显示 " + shown + " / " + rows.length + " 项";
      var filtered = Boolean(role.value || topic.value);
      reset.hidden = !filtered;
      table.classList.toggle("deadlines--filtered", filtered);
      if (none) none.hidden = shown > 0;
    }

    role.addEventListener("change", apply);
    topic.addEventListener("change", apply);
    reset.addEventListener("click", function () { role.value = ""; topic.value = ""; apply(); role.focus(); });
    box.hidden = false;
    apply();  // a browser may restore the selects' values on going back
  }

  if (typeof document$ !== "undefined" && document$ && typeof document$.subscribe === "function") {
    document$.subscribe(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
