// Tandem's small behaviours; every page works without them.
document.addEventListener("change", (event) => {
  const box = event.target.closest("input[data-select-all]");
  if (!box) return;
  const name = box.dataset.selectAll;
  box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((item) => {
    item.checked = box.checked;
  });
});
