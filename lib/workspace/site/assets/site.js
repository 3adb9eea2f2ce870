// claimbook site behaviour: scoreboard filters and the "show all code" switch.
// Pages read completely without it: filters and the switch stay hidden, every
// claim is listed, and each code cell still opens on its own (<details>).
(() => {
  "use strict";

  for (const board of document.querySelectorAll("[data-scoreboard]")) {
    const group = board.querySelector("[data-filters]");
    const status = board.querySelector("[data-filter-status]");
    const buttons = [...board.querySelectorAll("button[data-filter]")];
    const rows = [...board.querySelectorAll("tbody tr[data-verdict]")];
    if (!group || buttons.length === 0) continue;
    group.hidden = false;
    const apply = (filter) => {
      let shown = 0;
      for (const row of rows) {
        const visible = filter === "all" || row.dataset.verdict === filter;
        row.hidden = !visible;
        if (visible) shown++;
      }
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
      if (status) {
        status.textContent = filter === "all"
          ? `Showing all ${shown} claims.`
          : `Showing ${shown} ${filter} claim${shown === 1 ? "" : "s"}.`;
      }
    };
    for (const button of buttons) button.addEventListener("click", () => apply(button.dataset.filter));
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
