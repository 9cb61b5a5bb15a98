/* As a researcher pastes a quote, ask the server where it stands in the chosen source,
   fill in its offsets, and show it among the words around it, or say why it cannot. */
"use strict";
(function () {
  const locateUrl = window.location.pathname.split("/tracker/")[0] + "/tracker/source/locate/";

  function fieldsFor(quoteBox) {
    const prefix = quoteBox.name.slice(0, -"quote".length);
    const byName = (name) => document.querySelector(`[name="${prefix}${name}"]`);
    return {
      source: byName("source"),
      start: byName("quote_start"),
      end: byName("quote_end"),
      sha256: byName("source_sha256"),
    };
  }

  function previewFor(quoteBox) {
    let preview = quoteBox.parentElement.querySelector(".quote-preview");
    if (!preview) {
      preview = document.createElement("div");
      preview.className = "quote-preview";
      preview.setAttribute("role", "status");
      preview.setAttribute("aria-live", "polite");
      quoteBox.insertAdjacentElement("afterend", preview);
    }
    return preview;
  }

  function show(preview, data) {
    preview.classList.remove("quote-error");
    preview.replaceChildren(
      "Found at offsets " + data.start + "–" + data.end + ": …" + data.before,
      Object.assign(document.createElement("mark"), { textContent: data.quote }),
      data.after + "…"
    );
  }

  function showError(preview, message) {
    preview.classList.add("quote-error");
    preview.textContent = message;
  }

  function button(label, onClick) {
    const element = Object.assign(document.createElement("button"), { type: "button", textContent: label });
    element.className = "quote-choice";
    element.addEventListener("click", onClick);
    return element;
  }

  // A near miss: offer the source's exact words. Several occurrences: offer each in context.
  function offerChoices(preview, quoteBox, data) {
    const fields = fieldsFor(quoteBox);
    if (data.closest) {
      preview.append(
        button("Use the source's words", () => {
          quoteBox.value = data.closest.quote;
          if (fields.start) fields.start.value = data.closest.start;
          if (fields.end) fields.end.value = data.closest.end;
          locate(quoteBox, true);
        })
      );
    }
    (data.choices || []).forEach((choice) => {
      const label = (choice.cut_before ? "…" : "") + choice.before + "[" + choice.quote + "]" + choice.after + (choice.cut_after ? "…" : "");
      preview.append(
        button("At " + choice.start + ": " + label, () => {
          if (fields.start) fields.start.value = choice.start;
          if (fields.end) fields.end.value = "";
          locate(quoteBox, true);
        })
      );
    });
  }

  async function locate(quoteBox, keepStart) {
    const fields = fieldsFor(quoteBox);
    const preview = previewFor(quoteBox);
    if (!fields.source || !fields.source.value || !quoteBox.value.trim()) {
      preview.remove();
      return;
    }
    const params = new URLSearchParams({ source: fields.source.value, quote: quoteBox.value.trim() });
    if (keepStart && fields.start && fields.start.value) params.set("start", fields.start.value);
    try {
      const response = await fetch(locateUrl + "?" + params, { credentials: "same-origin" });
      const data = await response.json();
      // The offsets below count in the text the server looked in: the save checks it is still so.
      if (fields.sha256 && data.sha256) fields.sha256.value = data.sha256;
      if (!response.ok) {
        showError(preview, Object.values(data.errors || {}).join(" ") || "The quote cannot be located.");
        offerChoices(preview, quoteBox, data);
        return;
      }
      if (fields.start) fields.start.value = data.start;
      if (fields.end) fields.end.value = data.end;
      show(preview, data);
    } catch (error) {
      showError(preview, "Could not reach the server to locate the quote; it will be checked on save.");
    }
  }

  function isQuoteBox(element) {
    return element.tagName === "TEXTAREA" && /(^|-)quote$/.test(element.name);
  }

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (isQuoteBox(target)) {
      locate(target, false);
    } else if (/(^|-)quote_start$/.test(target.name || "")) {
      const quoteBox = document.querySelector(`[name="${target.name.replace(/quote_start$/, "quote")}"]`);
      if (quoteBox) locate(quoteBox, true);
    }
  });
  // Answer as the quote is pasted or typed, not only when the box loses focus.
  let pending = null;
  document.addEventListener("input", (event) => {
    if (!isQuoteBox(event.target)) return;
    clearTimeout(pending);
    pending = setTimeout(() => locate(event.target, false), 250);
  });
  // Autocomplete widgets (select2) announce a new source through jQuery only.
  if (window.django && django.jQuery) {
    django.jQuery(document).on("change", "select", function () {
      if (!/(^|-)source$/.test(this.name)) return;
      const quoteBox = document.querySelector(`[name="${this.name.replace(/source$/, "quote")}"]`);
      if (quoteBox) locate(quoteBox, false);
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("textarea").forEach((box) => {
      if (isQuoteBox(box) && box.value.trim()) locate(box, true);
    });
  });
})();
