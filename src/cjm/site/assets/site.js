// cjm site: filters, sortable tables and the drawing view switch.
// Everything works without this script; it only adds these controls.
"use strict";

(function () {
  function filters(form) {
    var target = document.getElementById(form.dataset.filters);
    if (!target) return;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var output = form.querySelector("output");
    var noun = form.dataset.noun || "rows";
    form.hidden = false;

    function apply() {
      var rows = target.querySelectorAll("[data-row]");
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var keep = selects.every(function (select) {
          if (!select.value) return true;
          var value = row.getAttribute("data-" + select.name) || "";
          return select.name === "status"
            ? value.split(" ").indexOf(select.value) !== -1
            : value === select.value;
        });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      Array.prototype.forEach.call(target.querySelectorAll("[data-group]"), function (group) {
        group.hidden = !group.querySelector("[data-row]:not([hidden])");
      });
      // What is chosen is said in words too, so a printout of a filtered list says so.
      var chosen = selects.filter(function (select) { return select.value; })
        .map(function (select) {
          var title = select.parentNode.firstChild.textContent.trim().toLowerCase();
          return title + ": " + select.options[select.selectedIndex].text;
        });
      if (chosen.length) form.setAttribute("data-filtered", "");
      else form.removeAttribute("data-filtered");
      if (output) {
        output.textContent = "Showing " + shown + " of " + rows.length + " " + noun +
          (chosen.length ? " (" + chosen.join(", ") + ")" : "");
      }
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  function sortable(table) {
    var heads = table.querySelectorAll("th[data-sort]");
    Array.prototype.forEach.call(heads, function (head) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = head.textContent;
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) {
          other.removeAttribute("aria-sort");
        });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var index = head.cellIndex;
        var numeric = head.dataset.sort === "number";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index], numeric);
          var y = key(b.cells[index], numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function key(cell, numeric) {
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value")
      : cell.textContent.trim().toLowerCase();
    return numeric ? Number(value) || 0 : value;
  }

  function tabs(list) {
    var buttons = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    list.hidden = false;
    document.documentElement.classList.add("has-tabs");

    function select(tab, focus) {
      buttons.forEach(function (button) {
        var on = button === tab;
        button.setAttribute("aria-selected", on ? "true" : "false");
        button.tabIndex = on ? 0 : -1;
        document.getElementById(button.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
    }

    buttons.forEach(function (button, index) {
      button.addEventListener("click", function () { select(button, false); });
      button.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") next = (index + 1) % buttons.length;
        if (event.key === "ArrowLeft") next = (index - 1 + buttons.length) % buttons.length;
        if (event.key === "Home") next = 0;
        if (event.key === "End") next = buttons.length - 1;
        if (next !== null) {
          event.preventDefault();
          select(buttons[next], true);
        }
      });
    });
    select(buttons[0], false);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-filters]"), filters);
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), sortable);
  Array.prototype.forEach.call(document.querySelectorAll("[role=tablist]"), tabs);
})();
