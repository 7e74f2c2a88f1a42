/* The edition switcher (see overrides/main.html): a link to "this page" in an edition that has
   no such page goes to that edition's home page instead, and says so. Works from file://. */
(function () {
  function fix() {
    var pages = window.handbookPages || {}
    document.querySelectorAll("a.edition-link[data-edition]").forEach(function (a) {
      var list = pages[a.dataset.edition]
      if (!list || list.indexOf(a.dataset.page) >= 0) return
      a.href = a.dataset.root + "/index.html"
      a.classList.add("edition-missing")
      a.title = "该版本没有本页，转到该版本首页"
      if (!a.querySelector(".edition-note")) {
        var note = document.createElement("span")
        note.className = "edition-note"
        note.textContent = "（无本页，转到首页）"
        a.appendChild(note)
      }
    })
  }
  // Material's document$ emits on instant navigation, but not when opened from file://
  if (typeof document$ !== "undefined") document$.subscribe(fix)
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fix)
  else fix()
})()
