/* File fields in Chinese. The browser draws its own file button in the language of its
   installation ("Choose File" / "No file chosen" in Debian's Chromium); each file input
   gets a Chinese button and the chosen file's name beside it instead. The input itself
   stays in the form with its label and takes the keyboard focus (Tab, then Space opens
   the picker; the Chinese button shows the focus ring); it is only visually hidden.
   Without JavaScript the browser's own control shows. */
(function () {
  "use strict";

  function describe(input, name) {
    var files = input.files;
    name.textContent = files && files.length ? files[0].name : "未选择文件";
  }

  function enhance(root) {
    root.querySelectorAll('input[type="file"]:not(.file-native)').forEach(field);
  }

  function field(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "file-choose";
    button.textContent = "选择文件…";
    var name = document.createElement("span");
    name.className = "file-name";
    name.setAttribute("aria-live", "polite");
    describe(input, name);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () { describe(input, name); });
    button.tabIndex = -1; // for the mouse: the keyboard reaches the labelled input itself
    button.setAttribute("aria-hidden", "true");
    input.classList.add("file-native");
    var box = document.createElement("span");
    box.className = "file-field";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(name);
  }

  window.diaoduFileFields = enhance; // upload.js calls it on the page part it replaces
  enhance(document);
})();
