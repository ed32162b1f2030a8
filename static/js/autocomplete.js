// Autocomplete for the search box: an ARIA 1.2 combobox over /api/suggest/.
// Without JavaScript the form is a plain search form; this only adds to it.
(function () {
  "use strict";

  const DEBOUNCE_MS = 120;

  document.querySelectorAll("form[data-suggest-url]").forEach(setUp);

  function setUp(form) {
    const input = form.querySelector("input[name=q]");
    const listbox = document.createElement("ul");
    const status = document.createElement("div");
    let items = [];
    let active = -1;
    let timer = null;
    let controller = null;

    listbox.id = input.id + "-listbox";
    listbox.className = "suggestions";
    listbox.hidden = true;
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", form.dataset.suggestLabel);
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", listbox);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    // While an input method (pinyin, for Chinese) is composing, the box holds Latin letters
    // that are not yet what the customer means: wait for compositionend, then suggest.
    let composing = false;
    input.addEventListener("compositionstart", function () {
      composing = true;
      clearTimeout(timer);
      if (controller) controller.abort();
      // What is typed is changing: the option picked before no longer stands, so the Enter
      // that ends the composition cannot choose it.
      deselect();
    });
    input.addEventListener("compositionend", function () {
      composing = false;
      schedule();
    });
    input.addEventListener("input", function (event) {
      if (composing || event.isComposing) return;
      schedule();
    });
    input.addEventListener("keydown", onKeyDown);
    input.addEventListener("blur", close);
    // Keep the focus in the input while an option is clicked.
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      const option = event.target.closest("[role=option]");
      if (option) choose(Number(option.dataset.index));
    });

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DEBOUNCE_MS);
    }

    async function fetchSuggestions() {
      if (composing) return;
      const query = input.value.trim();
      if (!query) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      const params = new URLSearchParams({ q: query, lang: form.dataset.lang });
      try {
        const response = await fetch(form.dataset.suggestUrl + "?" + params, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) { close(); return; }
        const data = await response.json();
        if (input.value.trim() === query) render(data.suggestions);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    function render(suggestions) {
      items = suggestions;
      active = -1;
      listbox.replaceChildren(...suggestions.map(option));
      input.removeAttribute("aria-activedescendant");
      if (!items.length) { close(); return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length === 1
        ? form.dataset.suggestOne
        : form.dataset.suggestCount.replace("{count}", items.length);
    }

    function option(suggestion, index) {
      const item = document.createElement("li");
      const label = document.createElement("span");
      item.id = listbox.id + "-" + index;
      item.dataset.index = index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      // title, answer (the search's own top hits) or query: a new group starts a new line.
      item.dataset.source = suggestion.source || "";
      item.textContent = suggestion.text;
      label.className = "suggestion-kind";
      label.textContent = form.dataset["label" + capitalize(suggestion.kind)] || "";
      item.appendChild(label);
      return item;
    }

    function onKeyDown(event) {
      // Enter and the arrows belong to the input method while it composes. Safari sends
      // the Enter that ends a composition after compositionend, marked only by keyCode 229.
      if (listbox.hidden || composing || event.isComposing || event.keyCode === 229) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    }

    function move(step) {
      // The list being moved through is the one chosen from: a slower answer for what was
      // typed before must not replace it, and reset the choice, under the customer's keys.
      clearTimeout(timer);
      if (controller) controller.abort();
      active = (active + step + items.length) % items.length;
      listbox.querySelectorAll("[role=option]").forEach(function (item, index) {
        item.setAttribute("aria-selected", String(index === active));
      });
      const current = document.getElementById(listbox.id + "-" + active);
      input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      const suggestion = items[index];
      close();
      if (suggestion.url) {
        window.location.assign(suggestion.url);
      } else {
        input.value = suggestion.text;
        form.submit();
      }
    }

    function deselect() {
      active = -1;
      listbox.querySelectorAll("[aria-selected=true]").forEach(function (item) {
        item.setAttribute("aria-selected", "false");
      });
      input.removeAttribute("aria-activedescendant");
    }

    function close() {
      listbox.hidden = true;
      deselect();
      input.setAttribute("aria-expanded", "false");
    }
  }

  function capitalize(word) {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }
})();
