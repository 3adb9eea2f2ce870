// claimbook site behaviour: the scoreboard's and the claims page's filters
// (their state kept in the address, so a filtered view can be shared and
// survives a reload), the "show all code" switch, and the verdicts' copy-link buttons.
// Pages read completely without it: controls stay hidden, every claim is
// listed, and each code cell still opens on its own (<details>).
(() => {
  "use strict";

  // The address holds the view: ?verdict=…&doc=…&q=…&sort=… (the #fragment is kept).
  const params = () => new URLSearchParams(location.search);
  const saveParams = (values) => {
    const next = params();
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    try {
      history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
    } catch {
      // Some browsers refuse to change a file:// address; the view still works.
    }
  };

  // Index: the scoreboard's verdict buttons.
  for (const board of document.querySelectorAll("[data-scoreboard]")) {
    const group = board.querySelector("[data-filters]");
    const status = board.querySelector("[data-filter-status]");
    const buttons = [...board.querySelectorAll("button[data-filter]")];
    const rows = [...board.querySelectorAll("tbody tr[data-verdict]")];
    if (!group || buttons.length === 0) continue;
    group.hidden = false;
    const apply = (filter, save) => {
      if (!buttons.some((b) => b.dataset.filter === filter)) filter = "all";
      let shown = 0;
      for (const row of rows) {
        const visible = filter === "all" || row.dataset.verdict === filter;
        row.hidden = !visible;
        if (visible) shown++;
      }
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
      if (status) {
        const label = buttons.find((b) => b.dataset.filter === filter)?.dataset.label ?? filter;
        status.textContent = filter === "all" ? `Showing all ${shown} claims.` : `Showing ${shown} ${label}.`;
      }
      if (save) saveParams({ verdict: filter === "all" ? "" : filter });
    };
    for (const button of buttons) button.addEventListener("click", () => apply(button.dataset.filter, true));
    apply(params().get("verdict") ?? "all", false);
  }

  // Claims page: document, verdict, search and order.
  for (const board of document.querySelectorAll("[data-claims-board]")) {
    const controls = board.querySelector("[data-claim-controls]");
    const status = board.querySelector("[data-claims-status]");
    const body = board.querySelector("tbody");
    if (!controls || !body) continue;
    controls.hidden = false;
    const rows = [...body.querySelectorAll("tr")];
    const field = (name) => controls.querySelector(`[name="${name}"]`);
    const names = ["doc", "verdict", "q", "sort"];
    const distance = (row) => (row.dataset.difference === "" ? null : Number(row.dataset.difference));
    const apply = (save) => {
      const doc = field("doc").value;
      const verdict = field("verdict").value;
      const words = field("q").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      const sort = field("sort").value;
      let shown = 0;
      for (const row of rows) {
        const visible = (!doc || row.dataset.document === doc) && (!verdict || row.dataset.verdict === verdict) &&
          words.every((word) => row.dataset.search.includes(word));
        row.hidden = !visible;
        if (visible) shown++;
      }
      const ordered = sort
        ? [...rows].sort((a, b) => {
          // Claims with no relative difference (yes/no, not checkable) come last, in document order.
          const x = distance(a);
          const y = distance(b);
          if (x === null || y === null) return (x === null) - (y === null) || rows.indexOf(a) - rows.indexOf(b);
          return (sort === "difference-asc" ? x - y : y - x) || rows.indexOf(a) - rows.indexOf(b);
        })
        : rows;
      body.append(...ordered);
      if (status) {
        const order = sort === "difference"
          ? ", largest difference first"
          : sort === "difference-asc"
          ? ", smallest difference first"
          : "";
        status.textContent = shown === rows.length
          ? `Showing all ${shown} claims${order}.`
          : `Showing ${shown} of ${rows.length} claims${order}.`;
      }
      if (save) saveParams(Object.fromEntries(names.map((name) => [name, field(name).value.trim()])));
    };
    const initial = params();
    for (const name of names) {
      const control = field(name);
      const value = initial.get(name) ?? "";
      if (control.tagName === "SELECT" && ![...control.options].some((o) => o.value === value)) continue;
      control.value = value;
    }
    for (const name of names) field(name).addEventListener(name === "q" ? "input" : "change", () => apply(true));
    apply(false);
  }

  const toggle = document.querySelector("[data-code-toggle]");
  if (toggle) {
    const cells = [...document.querySelectorAll("details.cell-input")];
    toggle.hidden = cells.length === 0;
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-pressed") !== "true";
      for (const cell of cells) cell.open = open;
      toggle.setAttribute("aria-pressed", String(open));
      toggle.textContent = open ? "Hide all code" : "Show all code";
    });
  }

  // Copy a verdict's address: the published one when the page knows it (render --base-url), else this page's.
  for (const button of document.querySelectorAll("button[data-copy-link]")) {
    const status = button.parentElement?.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href");
      const url = `${(canonical ?? location.href).split(/[?#]/)[0]}#${button.dataset.copyLink}`;
      try {
        await navigator.clipboard.writeText(url);
        if (status) status.textContent = "Link copied.";
      } catch {
        // No clipboard (an old browser, or one that refuses it here): show the address to copy by hand.
        if (status) status.textContent = `Copy this link: ${url}`;
      }
    });
  }

  // A link to a cell inside folded code should show that code.
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    const details = target?.querySelector("details.cell-input");
    if (details) details.open = true;
  };
  addEventListener("hashchange", openTarget);
  openTarget();
})();
