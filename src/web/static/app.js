// ptdv — a little progressive enhancement; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Pickers submit as soon as a choice changes.
  for (const sel of document.querySelectorAll("form.pickers select")) {
    sel.addEventListener("change", () => sel.form.submit());
  }
});
