// Initialise DKFDS components once the page is loaded, and those in what htmx swaps in
// (a table's headings become the labels of its stacked rows on a phone).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
});
document.addEventListener("htmx:afterSettle", function (event) {
  if (window.DKFDS && typeof window.DKFDS.init === "function" && event.detail.elt) {
    window.DKFDS.init({ scope: event.detail.elt });
  }
});

// The menu's counts of what waits (core:nav_counts), fetched once the page is shown so
// that no page pays for them. A group's badge adds up its entries' counts.
document.addEventListener("DOMContentLoaded", function () {
  var url = document.body.dataset.navCounts;
  if (!url) { return; }
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { counts: {} }; })
    .then(function (data) {
      document.querySelectorAll("[data-nav-count]").forEach(function (badge) {
        var total = badge.dataset.navCount.split(" ").reduce(function (sum, key) {
          return sum + (data.counts[key] || 0);
        }, 0);
        if (total > 0) {
          badge.querySelector(".htos-nav-count-n").textContent = String(total);
          badge.hidden = false;
        }
      });
    })
    .catch(function () { /* the menu works without its counts */ });
});

// A table too wide for its box scrolls sideways: keyboard users reach it with Tab
// to scroll it (WCAG 2.1.1). Only boxes that do scroll become a tab stop.
function htosScrollablesFocusable() {
  document.querySelectorAll(".table--responsive-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", htosScrollablesFocusable);
window.addEventListener("resize", htosScrollablesFocusable);
document.addEventListener("htmx:afterSettle", htosScrollablesFocusable);
