/* The source workbench: words selected in the source text open a panel that logs them as a
   draft statement, without leaving the page. The offsets sent are those of the selection,
   counted in code points as the server counts them (JavaScript strings count UTF-16 units,
   so an emoji before the selection would otherwise shift them by one). The page writes each CR
   as &#13; (tracker/highlighting.py), so the text here keeps a CRLF line break as two. */
"use strict";
(function () {
  const root = document.getElementById("workbench");
  if (!root) return;
  const text = document.getElementById("workbench-text");
  const panel = document.getElementById("workbench-panel");
  const status = document.getElementById("workbench-status");
  const statementList = document.getElementById("workbench-statements");
  const candidates = JSON.parse(document.getElementById("workbench-candidates").textContent);
  const sourceCodePoints = Array.from(text.textContent);

  // The text is focusable and keeps a caret for Shift+arrow selection, but is never edited.
  for (const event of ["beforeinput", "paste", "drop", "cut"]) {
    text.addEventListener(event, (e) => e.preventDefault());
  }

  function codePointOffset(node, offset) {
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(node, offset);
    return Array.from(before.toString()).length;
  }

  // The selection the panel was opened on, given back to the text when it is cancelled.
  let openedOn = null;

  /** The selected range of the source text, or null. */
  function selectedRange() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    return range;
  }

  /** The selected span of the source text, white space at its edges left out, or null. */
  function selectedSpan() {
    const range = selectedRange();
    if (!range) return null;
    let start = codePointOffset(range.startContainer, range.startOffset);
    let end = codePointOffset(range.endContainer, range.endOffset);
    while (start < end && /\s/u.test(sourceCodePoints[start])) start++;
    while (end > start && /\s/u.test(sourceCodePoints[end - 1])) end--;
    if (start === end) return null;
    return { start, end, quote: sourceCodePoints.slice(start, end).join("") };
  }

  function nearestSpeaker(span) {
    let best = null;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
      if (candidate.speaker === null) continue;
      const distance =
        span.start >= candidate.start && span.start < candidate.end
          ? 0
          : Math.min(Math.abs(candidate.start - span.start), Math.abs(candidate.end - span.start));
      if (distance < bestDistance) [best, bestDistance] = [candidate.speaker, distance];
    }
    return best;
  }

  // The controls a field's error belongs to: a select or box, each radio of a choice, none
  // for the hidden quote fields.
  function controlsOf(field) {
    const control = panel.elements.namedItem(field);
    if (control instanceof RadioNodeList) return Array.from(control);
    return control && control.type !== "hidden" ? [control] : [];
  }

  function clearErrors() {
    for (const element of panel.querySelectorAll("[data-error-for]")) {
      element.textContent = "";
      for (const control of controlsOf(element.dataset.errorFor)) {
        control.removeAttribute("aria-invalid");
        const others = (control.getAttribute("aria-describedby") || "")
          .split(" ").filter((id) => id && id !== element.id);
        if (others.length) control.setAttribute("aria-describedby", others.join(" "));
        else control.removeAttribute("aria-describedby");
      }
    }
  }

  function showNewClaim() {
    document.getElementById("panel-new-claim").hidden = panel.elements.claim.value !== "";
  }

  /** Opens the panel on the selection; from the keyboard (``focusPanel``), the keyboard
      goes to the panel's first field. */
  function openPanel(focusPanel) {
    if (!panel) return;
    const span = selectedSpan();
    if (!span) {
      status.textContent = "Select some words of the source text first.";
      return;
    }
    openedOn = selectedRange().cloneRange();
    clearErrors();
    panel.elements.quote.value = span.quote;
    panel.elements.quote_start.value = span.start;
    panel.elements.quote_end.value = span.end;
    document.getElementById("panel-quote").textContent = span.quote;
    document.getElementById("panel-start").textContent = span.start;
    document.getElementById("panel-end").textContent = span.end;
    const speaker = nearestSpeaker(span);
    const suggested = document.getElementById("panel-suggested");
    suggested.textContent = "";
    if (speaker !== null && panel.elements.party.querySelector(`option[value="${speaker}"]`)) {
      panel.elements.party.value = String(speaker);
      suggested.textContent = "(suggested: the sentence's speaker)";
    }
    showNewClaim();
    panel.hidden = false;
    status.textContent = "";
    if (focusPanel === true) panel.elements.claim.focus();
  }

  // Cancelled, the keyboard goes back to the text with the words that were selected.
  function closePanel() {
    panel.hidden = true;
    text.focus();
    if (openedOn && text.contains(openedOn.startContainer)) {
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(openedOn);
    }
  }

  // Each message goes under its field, which a screen reader then reads with it; the keyboard
  // goes to the first field to correct, in the panel's order.
  function showErrors(errors) {
    for (const [field, message] of Object.entries(errors)) {
      const slot = panel.querySelector(`[data-error-for="${field}"]`) ||
        panel.querySelector('[data-error-for="__all__"]');
      slot.textContent = (slot.textContent ? slot.textContent + " " : "") + message;
      slot.id = `panel-error-${slot.dataset.errorFor}`;
      for (const control of controlsOf(slot.dataset.errorFor)) {
        control.setAttribute("aria-invalid", "true");
        const described = (control.getAttribute("aria-describedby") || "").split(" ");
        if (!described.includes(slot.id)) {
          control.setAttribute("aria-describedby", [...described, slot.id].join(" ").trim());
        }
      }
    }
    const first = panel.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  function markSaved(statementId) {
    for (const mark of text.querySelectorAll("mark[data-statements]")) {
      if (mark.dataset.statements.split(" ").includes(String(statementId))) {
        mark.classList.add("just-logged");
      }
    }
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const button = document.getElementById("panel-save");
    button.disabled = true;
    try {
      const response = await fetch(root.dataset.saveUrl, {
        method: "POST",
        body: new FormData(panel),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const answer = await response.json().catch(() => ({ errors: { __all__: response.statusText } }));
      if (!response.ok) {
        showErrors(answer.errors || { __all__: "The statement was not saved." });
        return;
      }
      text.innerHTML = answer.text_html;
      statementList.innerHTML = answer.statements_html;
      const claims = panel.elements.claim;
      if (!claims.querySelector(`option[value="${answer.statement.claim}"]`)) {
        claims.add(new Option(answer.statement.claim_text, answer.statement.claim));
        panel.elements.new_claim.value = "";
        panel.elements.new_point.value = "";
      }
      claims.value = String(answer.statement.claim);
      markSaved(answer.statement.id);
      panel.hidden = true;
      openedOn = null;
      window.getSelection().removeAllRanges();
      status.textContent = `Saved as a draft: “${answer.statement.quote}”.`;
      text.focus();
    } catch (error) {
      showErrors({ __all__: "The statement could not be sent: " + error.message });
    } finally {
      button.disabled = false;
    }
  }

  function showStatementsOf(mark) {
    const ids = mark.dataset.statements.split(" ");
    for (const item of statementList.querySelectorAll("li.highlighted")) {
      item.classList.remove("highlighted");
    }
    for (const id of ids) {
      const item = document.getElementById("statement-" + id);
      if (item) item.classList.add("highlighted");
    }
    const first = document.getElementById("statement-" + ids[0]);
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  text.addEventListener("mouseup", () => {
    if (selectedSpan()) openPanel();
  });
  text.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-statements]");
    if (mark && window.getSelection().isCollapsed) showStatementsOf(mark);
  });
  // Enter logs the selection; with none, on a logged quote, it shows that quote's statements.
  text.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const selection = window.getSelection();
    const at = selection.isCollapsed && selection.anchorNode;
    const mark = at && (at.nodeType === Node.ELEMENT_NODE ? at : at.parentElement)
      .closest("mark[data-statements]");
    if (mark && text.contains(mark)) showStatementsOf(mark);
    else openPanel(true);
  });
  document.getElementById("workbench-log").addEventListener("click", () => openPanel(true));
  if (panel) {
    panel.addEventListener("submit", save);
    panel.elements.claim.addEventListener("change", showNewClaim);
    document.getElementById("panel-cancel").addEventListener("click", closePanel);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        closePanel();
      }
    });
  }
})();
