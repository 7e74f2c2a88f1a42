/* The language switch between editions (简体中文, 繁體中文): the link of the other edition opens
   the same page there, not its home page. Editions mirror each other's paths: each link points
   at its edition's home page, the longest of those roots the page lies under is this edition's,
   and the rest of the page's address is kept. Works from file:// and over http. */
(function () {
  "use strict"
  function root(link) {
    /* absolute, found once: with instant navigation the header may outlive the page it came with */
    var found = link.getAttribute("data-edition-root")
    if (!found) {
      found = new URL(link.getAttribute("href"), location.href).href.replace(/index\.html$/, "")
      link.setAttribute("data-edition-root", found)
    }
    return found
  }
  function update() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".md-select__link[hreflang]"))
    var page = location.href.split("#")[0].split("?")[0], own = ""
    links.forEach(function (link) {
      var r = root(link)
      if (page.indexOf(r) === 0 && r.length > own.length) own = r
    })
    if (!own) return
    var rest = page.slice(own.length)
    links.forEach(function (link) { link.href = root(link) + rest })
  }
  if (window.document$) window.document$.subscribe(update)
  else document.addEventListener("DOMContentLoaded", update)
})()
