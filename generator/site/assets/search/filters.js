// Narrow search results by kind: chips above Material's result list put a prefix such as
// "表单：" in front of the query; the search worker (worker.js) reads it as a filter.
(function () {
  var KINDS = ["全部", "制度", "表单", "岗位职责", "培训"];
  var PREFIX = /^\s*(制度|表单|岗位职责|岗位|职责|培训|术语)[:：]\s*/;

  function setup() {
    var input = document.querySelector("input[data-md-component=search-query]");
    var result = document.querySelector(".md-search-result");
    if (!input || !result || document.querySelector(".hb-search-kinds")) return;
    var bar = document.createElement("div");
    bar.className = "hb-search-kinds";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "按类别筛选搜索结果");
    KINDS.forEach(function (kind) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "hb-search-kind";
      chip.textContent = kind;
      chip.dataset.kind = kind;
      chip.addEventListener("click", function () {
        var rest = input.value.replace(PREFIX, "");
        input.value = kind === "全部" ? rest : kind + "：" + rest;
        input.focus();
        input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }));
        mark();
      });
      bar.appendChild(chip);
    });
    result.parentNode.insertBefore(bar, result);

    function mark() {
      var match = PREFIX.exec(input.value);
      var current = match ? match[1] : "全部";
      if (current === "岗位" || current === "职责") current = "岗位职责";
      bar.querySelectorAll(".hb-search-kind").forEach(function (chip) {
        chip.setAttribute("aria-pressed", chip.dataset.kind === current ? "true" : "false");
      });
    }
    input.addEventListener("keyup", mark);
    input.addEventListener("input", mark);
    mark();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
