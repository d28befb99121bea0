/* Sortable and filterable tables: click (or press Enter on) a header's button to sort by
   that column; type in the table's filter box to hide rows without the words. Cells carry
   their sort value in data-sort (plain digits for numbers), so sorting never parses the
   formatted text. */
(function () {
  "use strict";

  function sortValue(cell) {
    var raw = cell ? cell.getAttribute("data-sort") : "";
    var number = raw === "" || raw === null ? NaN : Number(raw);
    return { raw: raw || "", number: number };
  }

  function compare(a, b, numeric) {
    if (numeric) {
      // Cells without a figure ("—") go last whichever way the column is sorted.
      if (isNaN(a.number)) return isNaN(b.number) ? 0 : 1;
      if (isNaN(b.number)) return -1;
      return a.number - b.number;
    }
    return a.raw.localeCompare(b.raw, "zh-Hans-CN");
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = header.classList.contains("num");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (x, y) {
      var order = compare(sortValue(x.cells[index]), sortValue(y.cells[index]), numeric);
      var blank = numeric && (isNaN(sortValue(x.cells[index]).number) || isNaN(sortValue(y.cells[index]).number));
      return ascending || blank ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = header.querySelector("button.sort");
      if (button) {
        button.addEventListener("click", function () { sortBy(table, index, header); });
      }
    });
  }

  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) return;
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) < 0;
      });
    });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("input[data-filter]").forEach(makeFilter);
})();
