// Conference preparation and records: small behaviours; every page works without them.
(() => {
  // Ask before a destructive form is sent.
  document.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Never lose text silently: warn before leaving a form with unsaved changes.
  document.querySelectorAll("form[data-keep]").forEach((form) => {
    let dirty = false;
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });

  // The presenting view: one part at a time, keyboard and buttons, position in the address.
  const deck = document.querySelector("[data-present]");
  if (!deck) return;
  const slides = Array.from(deck.querySelectorAll(".slide"));
  const controls = deck.querySelector("[data-controls]");
  const position = deck.querySelector("[data-position]");
  const prev = deck.querySelector("[data-prev]");
  const next = deck.querySelector("[data-next]");
  let current = Math.max(0, slides.findIndex((s) => "#" + s.id === location.hash));
  deck.classList.add("one-at-a-time");
  controls.hidden = false;
  function show(index, focus) {
    current = Math.min(Math.max(index, 0), slides.length - 1);
    slides.forEach((slide, i) => { slide.hidden = i !== current; });
    position.textContent = (position.dataset.format || "{n} / {total}")
      .replace("{n}", current + 1).replace("{total}", slides.length);
    prev.disabled = current === 0;
    next.disabled = current === slides.length - 1;
    history.replaceState(null, "", "#" + slides[current].id);
    if (focus) slides[current].focus();
  }
  prev.addEventListener("click", () => show(current - 1, true));
  next.addEventListener("click", () => show(current + 1, true));
  deck.querySelector("[data-fullscreen]").addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (deck.requestFullscreen) deck.requestFullscreen();
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const keys = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };
    if (event.key in keys) { event.preventDefault(); show(current + keys[event.key], true); }
    else if (event.key === "Home") { event.preventDefault(); show(0, true); }
    else if (event.key === "End") { event.preventDefault(); show(slides.length - 1, true); }
  });
  show(current, false);
})();
