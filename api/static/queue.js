// The queue in the browser: keyboard shortcuts as in moderation tools (j/k move, a done,
// c claim, n claim next, 1-6 label, e edit reply, s skip, ? help) and in-place updates: forms
// are sent with fetch and the queue part of the page is swapped for the server's new one, so
// the admin keeps their place. Without JavaScript the same forms work as plain posts.
// No inline script anywhere: the Content-Security-Policy allows only this file.
(function () {
  "use strict";
  let current = 0;

  const cards = () => Array.from(document.querySelectorAll("#cards > .card"));
  const playbook = () => JSON.parse(document.getElementById("cards").dataset.playbook || "{}");
  const help = () => document.getElementById("help");

  function select(index) {
    const all = cards();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach((card, i) => card.classList.toggle("selected", i === current));
    all[current].focus({ preventScroll: true });
    all[current].scrollIntoView({ block: "nearest" });
  }

  async function send(form) {
    document.body.dataset.keyboard = "busy";
    // getAttribute: the decide form has a field named "action", which hides form.action.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST", body: new URLSearchParams(new FormData(form)),
    });
    if (!response.ok && !response.redirected) { form.submit(); return; }  // let the server's page explain
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("main");
    if (!fresh) { window.location.assign(response.url); return; }
    document.querySelector("main").replaceWith(fresh);
    history.replaceState(null, "", response.url);
    wire();
    const mine = cards().findIndex((card) => card.classList.contains("mine"));
    select(form.classList.contains("claim-next") && mine >= 0 ? mine : current);
    document.body.dataset.keyboard = "ready";
  }

  function submit(selector) {
    const card = cards()[current];
    const form = card && card.querySelector(selector);
    if (form) send(form);
  }

  function setLabel(number) {
    const card = cards()[current];
    const labelSelect = card && card.querySelector(".pick-label");
    if (!labelSelect || number > labelSelect.options.length) return;
    labelSelect.selectedIndex = number - 1;
    followPlaybook(labelSelect);
  }

  function followPlaybook(labelSelect) {
    const action = playbook()[labelSelect.value];
    const actionSelect = labelSelect.form.querySelector(".pick-action");
    if (action && actionSelect) actionSelect.value = action;
  }

  function wire() {
    document.querySelectorAll("main form[method=post]").forEach((form) => {
      form.addEventListener("submit", (event) => { event.preventDefault(); send(form); });
    });
    document.querySelectorAll(".pick-label").forEach((labelSelect) => {
      labelSelect.addEventListener("change", () => followPlaybook(labelSelect));
    });
    cards().forEach((card, i) => card.addEventListener("click", () => select(i)));
    document.getElementById("show-help").addEventListener("click", () => help().showModal());
  }

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
      n: () => send(document.querySelector("form.claim-next")),
      e: () => { const t = cards()[current] && cards()[current].querySelector("textarea"); if (t) t.focus(); },
      "?": () => (help().open ? help().close() : help().showModal()),
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
    else if (/^[1-6]$/.test(event.key)) { event.preventDefault(); setLabel(Number(event.key)); }
  });

  wire();
  const mine = cards().findIndex((card) => card.classList.contains("mine"));
  select(mine >= 0 ? mine : 0);
  document.body.dataset.keyboard = "ready";  // shortcuts work from now on (tests wait for this)
})();
