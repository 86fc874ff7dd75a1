// Show a question only when its condition holds (show_if on an earlier choice question).
// Without JavaScript every question stays visible with a note saying when it applies; the
// server drops answers to questions whose condition is false either way.

function chosenCodes(form, key) {
  return [...form.querySelectorAll(`[name="${key}"]`)]
    .filter((input) => input.checked)
    .map((input) => input.value);
}

function applies(form, condition) {
  const wanted = condition.any_of || [condition.equals];
  return chosenCodes(form, condition.question).some((code) => wanted.includes(code));
}

export function applyConditions(form) {
  for (const block of form.querySelectorAll("[data-show-if]")) {
    const visible = applies(form, JSON.parse(block.dataset.showIf));
    block.hidden = !visible;
    for (const field of block.querySelectorAll("input, textarea, select")) field.disabled = !visible;
  }
}

const form = document.getElementById("questionnaire-form");
if (form) {
  for (const hint of form.querySelectorAll(".condition-hint")) hint.hidden = true;
  form.addEventListener("change", () => applyConditions(form));
  applyConditions(form);
}
