// Ask before a destructive or final step: a form's data-confirm, or its submit button's
// (a rater's "Submit my scores" is final; "Save for now" is not).
(() => {
  document.addEventListener("submit", (event) => {
    const button = event.submitter;
    const message =
      (button && button.dataset && button.dataset.confirm) ||
      (event.target.dataset && event.target.dataset.confirm);
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
