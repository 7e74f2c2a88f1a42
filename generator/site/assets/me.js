// The home page's 我是 panel: a person says once who they are (kept in this browser) and sees
// their duties, deadlines, training track with progress, and forms. Data: assets/roles.js.
(function () {
  var KEY = "handbook:me";
  var KINDS = [["post", "岗位"], ["department", "部门"], ["group", "小组与群体"]];

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function list(title, rows, render) {
    if (!rows.length) return "";
    return "<section><h3>" + esc(title) + "</h3><ul>" + rows.map(function (r) { return "<li>" + render(r) + "</li>"; }).join("") + "</ul></section>";
  }

  function show(box, roles, id) {
    var panel = box.querySelector(".me-panel");
    var role = roles[id];
    if (!role) { panel.hidden = true; panel.innerHTML = ""; return; }
    var html = "<p class=\"me-head\"><a href=\"" + esc(role.url) + "\">" + esc(role.name) + "的全部职责 →</a></p>";
    if (role.track) {
      var done = role.track.items.filter(function (item) {
        return localStorage.getItem("handbook:track:" + role.track.id + ":" + item) === "1";
      }).length;
      html += "<p class=\"me-track\">入职培训：<a href=\"" + esc(role.track.url) + "\">" + esc(role.track.title) + "</a>，已读 <strong>" +
        done + "</strong> / " + role.track.items.length + " 项</p>";
    }
    html += list("我的职责", role.duties, function (d) { return "<a href=\"" + esc(d[1]) + "\">" + esc(d[0]) + "</a> <small>" + esc(d[2]) + "</small>"; });
    html += list("我的时限", role.deadlines, function (d) { return "<a href=\"" + esc(d[2]) + "\">" + esc(d[0]) + "</a>：<strong>" + esc(d[1]) + "</strong>"; });
    html += list("我要填的表单", role.forms, function (f) { return "<a href=\"" + esc(f[1]) + "\">《" + esc(f[0]) + "》</a>"; });
    if (!role.duties.length && !role.deadlines.length && !role.forms.length) html += "<p>暂无制度为该角色规定具体职责。</p>";
    panel.innerHTML = html;
    panel.hidden = false;
  }

  function setup() {
    var box = document.querySelector(".me");
    var roles = self.__handbookRoles;
    if (!box || !roles || box.dataset.ready) return;
    box.dataset.ready = "1";
    var select = box.querySelector(".me-role");
    KINDS.forEach(function (kind) {
      var group = document.createElement("optgroup");
      group.label = kind[1];
      Object.keys(roles).forEach(function (id) {
        if (roles[id].kind !== kind[0]) return;
        var option = document.createElement("option");
        option.value = id;
        option.textContent = roles[id].name;
        group.appendChild(option);
      });
      if (group.children.length) select.appendChild(group);
    });
    var saved = localStorage.getItem(KEY);
    if (saved && roles[saved]) select.value = saved;
    show(box, roles, select.value);
    select.addEventListener("change", function () {
      if (select.value) localStorage.setItem(KEY, select.value); else localStorage.removeItem(KEY);
      show(box, roles, select.value);
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
