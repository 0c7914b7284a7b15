// Keyboard shortcuts for the queue, as in moderation tools: j/k move, a done, c claim,
// n claim next, 1-6 label, e edit reply, s skip, ? help. No inline script: CSP allows only this file.
(function () {
  "use strict";
  const cards = Array.from(document.querySelectorAll("#cards > .card"));
  const playbook = JSON.parse(document.getElementById("cards").dataset.playbook || "{}");
  const help = document.getElementById("help");
  let current = 0;

  function select(index) {
    if (!cards.length) return;
    current = Math.max(0, Math.min(cards.length - 1, index));
    cards.forEach((card, i) => card.classList.toggle("selected", i === current));
    cards[current].focus({ preventScroll: true });
    cards[current].scrollIntoView({ block: "nearest" });
  }

  function submit(selector) {
    const form = cards[current] && cards[current].querySelector(selector);
    if (form) form.requestSubmit();
  }

  function setLabel(number) {
    const card = cards[current];
    const labelSelect = card && card.querySelector(".pick-label");
    if (!labelSelect || number > labelSelect.options.length) return;
    labelSelect.selectedIndex = number - 1;
    const action = playbook[labelSelect.value];
    const actionSelect = card.querySelector(".pick-action");
    if (action && actionSelect) actionSelect.value = action;
  }

  document.querySelectorAll(".pick-label").forEach((labelSelect) => {
    labelSelect.addEventListener("change", () => {
      const actionSelect = labelSelect.form.querySelector(".pick-action");
      if (playbook[labelSelect.value]) actionSelect.value = playbook[labelSelect.value];
    });
  });
  cards.forEach((card, i) => card.addEventListener("click", () => select(i)));
  document.getElementById("show-help").addEventListener("click", () => help.showModal());

  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (event.key === "Escape" && typing) { event.target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      j: () => select(current + 1),
      k: () => select(current - 1),
      a: () => submit("form.decide"),
      c: () => submit("form.claim"),
      s: () => submit("form.release"),
      n: () => document.querySelector("form.claim-next").requestSubmit(),
      e: () => { const t = cards[current] && cards[current].querySelector("textarea"); if (t) t.focus(); },
      "?": () => (help.open ? help.close() : help.showModal()),
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
    else if (/^[1-6]$/.test(event.key)) { event.preventDefault(); setLabel(Number(event.key)); }
  });

  const mine = cards.findIndex((card) => card.classList.contains("mine"));
  select(mine >= 0 ? mine : 0);
})();
