// The plan editor (plans/_section.html): each section saves itself as it is typed (htmx posts
// it to section_save a second after the last keystroke), says "Not saved yet" / "Saving…" /
// "Saved.", stops saving itself while a conflict is open (until "Save the merged text"), and
// the page warns before it is left with text that is not saved. The page works without it:
// the form's Save button and "Mark ready" send every section.
(() => {
  const form = document.querySelector("form[data-unsaved-warning]");
  const texts = form ? form.dataset : { textUnsaved: "Not saved yet", textSaving: "Saving…" };
  let leaving = false; // the form itself is being sent: nothing will be lost

  const sections = () => document.querySelectorAll("section[data-autosave]");
  const stateOf = (section) => section.querySelector(".save-state");
  const conflicted = (section) => section.querySelector(".conflict") !== null;

  function say(section, text, state) {
    const line = stateOf(section);
    if (!line) return;
    line.dataset.state = state;
    let note = line.querySelector(".unsaved");
    if (!note) {
      note = document.createElement("span");
      note.className = "unsaved";
      line.prepend(note);
    }
    line.querySelectorAll(".saved").forEach((el) => el.remove());
    note.textContent = text;
  }

  document.addEventListener("input", (event) => {
    const section = event.target.closest("section[data-autosave]");
    if (!section) return;
    section.edits = (section.edits || 0) + 1;
    section.dataset.dirty = "1";
    say(section, texts.textUnsaved, "unsaved");
  });

  document.addEventListener("htmx:confirm", (event) => {
    // While a conflict is open the section waits for "Save the merged text" (data-merge).
    const section = event.target.closest("section[data-autosave]");
    if (section && event.target === section && conflicted(section)) event.preventDefault();
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const section = event.target.closest("section[data-autosave]");
    if (!section) return;
    section.sent = section.edits || 0;
    section.dataset.saving = "1";
    if (section.dataset.dirty) say(section, texts.textSaving, "saving");
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const section = event.target.closest("section[data-autosave]");
    if (!section) return;
    delete section.dataset.saving;
    const state = stateOf(section)?.dataset.state;
    if (state === "saved" && (section.edits || 0) === section.sent) {
      delete section.dataset.dirty;
    } else if (state === "saved" || state === "error") {
      say(section, texts.textUnsaved, "unsaved"); // typed again meanwhile: the next save follows
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const section = event.target.closest("section[data-autosave]");
    if (section && event.detail.failed) {
      delete section.dataset.saving;
      say(section, texts.textUnsaved, "unsaved"); // offline or refused: the words stay here
      if (event.target === section) {
        setTimeout(() => window.htmx && htmx.trigger(section, "input"), 5000); // try again
      }
    }
  });

  document.addEventListener("submit", (event) => {
    if (event.target === form) leaving = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (leaving) return;
    const waiting = [...sections()].some((s) => s.dataset.dirty || s.dataset.saving);
    if (waiting) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need it to show their own warning
    }
  });
})();
