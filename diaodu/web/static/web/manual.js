/* 逐一填报: the sum of the parts typed so far, beside the target, as the user types. Exact
   to the ten-thousandth (the target's precision): each box is read as whole ten-thousandths,
   never added as binary fractions. The server checks the parts again on submit. */
(function () {
  "use strict";

  function tenThousandths(text) {
    var cleaned = text.replace(/[%，,\s]/g, "");
    var match = /^([-+]?)(\d*)(?:\.(\d{0,4}))?$/.exec(cleaned);
    if (!match || (match[2] === "" && !match[3])) return null;
    var value = parseInt(match[2] || "0", 10) * 10000 +
      parseInt(((match[3] || "") + "0000").slice(0, 4), 10);
    return match[1] === "-" ? -value : value;
  }

  function shown(value) {
    var sign = value < 0 ? "-" : "";
    var size = Math.abs(value);
    var fraction = ("0000" + (size % 10000)).slice(-4).replace(/0+$/, "");
    return sign + Math.floor(size / 10000) + (fraction ? "." + fraction : "");
  }

  function update(form) {
    var output = form.querySelector("output[data-sum]");
    if (!output) return;
    var total = 0;
    var boxes = form.querySelectorAll("input[data-part]");
    for (var i = 0; i < boxes.length; i++) {
      var value = tenThousandths(boxes[i].value);
      if (value === null) {
        output.textContent = "—";
        return;
      }
      total += value;
    }
    output.textContent = shown(total);
  }

  document.querySelectorAll("form.manual-parts").forEach(function (form) {
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
