/* The application form, where JavaScript runs:
 * - saves the step's form every 30 seconds while the applicant types, and when they leave the page;
 * - says so politely in the status line ("Saved at 12:03");
 * - adds and removes budget lines, and adds up the total.
 * Without JavaScript the form still works: Save buttons, and "Add a line" saves and gives more rows. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  document.documentElement.classList.add("js");

  var url = form.getAttribute("data-autosave-url");
  var seconds = parseInt(form.getAttribute("data-autosave-seconds"), 10) || 30;
  var status = document.querySelector("[data-autosave-status]");
  var dirty = false;
  var saving = false;
  var submitting = false;

  function changed() { dirty = true; }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { submitting = true; });

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    if (!dirty || saving || submitting) { return; }
    saving = true;
    dirty = false;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) {
        say(data.message || "");
        if (!response.ok) { dirty = true; }
      });
    }).catch(function () {
      dirty = true;
      say(form.getAttribute("data-autosave-failed") || "");
    }).then(function () { saving = false; });
  }

  window.setInterval(save, seconds * 1000);

  // Leaving the page (a menu link, closing the tab): hand the form over without waiting for an answer.
  function leaving() {
    if (dirty && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, new FormData(form));
      dirty = false;
    }
  }
  window.addEventListener("pagehide", leaving);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { leaving(); }
  });

  // Budget lines.
  var rows = form.querySelector("[data-budget-rows]");
  var template = form.querySelector("template[data-budget-template]");
  var total = form.querySelector("[data-budget-total]");
  var addButton = form.querySelector("[data-add-line]");
  if (!rows || !template) { return; }

  function nextIndex() {
    var highest = -1;
    rows.querySelectorAll("input[name^='budget_lines-']").forEach(function (input) {
      var n = parseInt(input.name.split("-")[1], 10);
      if (n > highest) { highest = n; }
    });
    return highest + 1;
  }

  function renumber() {
    rows.querySelectorAll("[data-budget-row]").forEach(function (row, i) {
      row.querySelectorAll("[data-line-number]").forEach(function (span) { span.textContent = String(i + 1); });
    });
  }

  function kroner(text) {
    var clean = String(text || "").replace(/[\s\u00a0\u202f]/g, "").replace(/kr\.?$/i, "")
      .replace(/,(-|00?)$/, "").replace(/\.-$/, "").replace(/\.(?=\d{3}(\D|$))/g, "");
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : 0;
  }

  function addUp() {
    if (!total) { return; }
    var sum = 0;
    rows.querySelectorAll("[data-budget-amount]").forEach(function (input) { sum += kroner(input.value); });
    var lang = document.documentElement.lang === "en" ? "en" : "nb";
    var number = new Intl.NumberFormat(lang === "en" ? "en-GB" : "nb-NO").format(sum);
    total.textContent = lang === "en" ? "NOK\u00a0" + number : number + "\u00a0kr";
  }

  if (addButton) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var html = template.innerHTML.replace(/__n__/g, String(nextIndex()));
      rows.insertAdjacentHTML("beforeend", html);
      renumber();
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input");
      if (first) { first.focus(); }
    });
  }

  rows.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-line]");
    if (!button) { return; }
    var row = button.closest("[data-budget-row]");
    var next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber();
    addUp();
    changed();
    var focusTarget = next ? next.querySelector("input") : addButton;
    if (focusTarget) { focusTarget.focus(); }
  });

  rows.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-budget-amount")) { addUp(); }
  });
  renumber();
})();
