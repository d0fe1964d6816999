// Initialise DKFDS components once the page (and any htmx swap) is loaded.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") { window.DKFDS.init(); }
});
