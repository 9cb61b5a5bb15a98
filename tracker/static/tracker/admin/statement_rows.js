/* Compact statement rows on the claim form: a row added with "Add another" starts with the
   source of the row above it, and a folded-away fieldset holding an error opens by itself. */
"use strict";
(function () {
  document.addEventListener("formset:added", (event) => {
    const row = event.target;
    const source = row.querySelector('select[name$="-source"]');
    if (!source || !row.id) return;
    const rows = Array.from(document.querySelectorAll(`[id^="${row.id.replace(/-\d+$/, "-")}"]`));
    const above = rows.filter((other) => other !== row && /-\d+$/.test(other.id)).pop();
    const previous = above && above.querySelector('select[name$="-source"]');
    if (!previous || !previous.value) return;
    const chosen = previous.options[previous.selectedIndex];
    source.replaceChildren(new Option(chosen.textContent, chosen.value, true, true));
    if (window.django && window.django.jQuery) window.django.jQuery(source).trigger("change");
  });
  document.addEventListener("DOMContentLoaded", () => {
    for (const folded of document.querySelectorAll("fieldset details")) {
      if (folded.closest("fieldset").querySelector(".errorlist")) folded.open = true;
    }
  });
})();
