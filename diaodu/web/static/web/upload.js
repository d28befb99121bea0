/* Uploads with an honest progress bar: while the file travels, the bar shows the bytes the
   browser has sent (the only thing it can measure); once they are all sent the bar turns
   indeterminate with "正在检查和写入…" until the server answers, because the server's check
   and write have no measurable progress to show. The server's answer (the same page, with
   the report or the table of bad cells) then replaces the page's main part.
   Without XMLHttpRequest or FormData the form simply posts as usual. */
(function () {
  "use strict";

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  function show(form, state, sent, total) {
    var box = form.querySelector(".upload-progress");
    if (!box) return;
    var bar = box.querySelector("progress");
    var text = box.querySelector(".upload-state");
    box.hidden = false;
    if (state === "sending") {
      var percent = total ? Math.floor((sent / total) * 100) : 0;
      bar.max = 100;
      bar.value = percent;
      text.textContent = "正在上传：已发送 " + megabytes(sent) + " / " + megabytes(total) + "（" + percent + "%）";
    } else if (state === "checking") {
      bar.removeAttribute("value"); // indeterminate: no percentage is known
      text.textContent = "上传完成，正在检查和写入…";
    } else {
      bar.max = 100;
      bar.value = 0;
      text.textContent = state;
    }
  }

  function replaceMain(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var current = document.querySelector("main");
    if (!fresh || !current) return false;
    current.replaceWith(fresh);
    if (page.title) document.title = page.title;
    if (window.diaoduFileFields) window.diaoduFileFields(fresh);
    bindAll(fresh);
    var report = fresh.querySelector(".report");
    if (report) {
      report.focus();
      report.scrollIntoView({ block: "start" });
    }
    return true;
  }

  function upload(form, event) {
    if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var data = new FormData(form);
    var request = new XMLHttpRequest();
    var target = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    request.open("POST", target.href);
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) show(form, "sending", progress.loaded, progress.total);
    });
    request.upload.addEventListener("load", function () { show(form, "checking"); });
    request.addEventListener("load", function () {
      var type = request.getResponseHeader("Content-Type") || "";
      var landed = request.responseURL ? new URL(request.responseURL) : target;
      if (landed.pathname === target.pathname && type.indexOf("text/html") === 0 &&
          replaceMain(request.responseText)) return;
      // Sent elsewhere (the login page after a lapsed session…): let the browser go there.
      window.location.href = landed.href;
    });
    request.addEventListener("error", function () {
      show(form, "上传失败：网络连接中断，请检查后重新导入。");
      if (button) button.disabled = false;
    });
    if (button) button.disabled = true;
    show(form, "sending", 0, 0);
    request.send(data);
  }

  function bindAll(root) {
    root.querySelectorAll("form[data-upload]").forEach(function (form) {
      form.addEventListener("submit", function (event) { upload(form, event); });
    });
  }

  bindAll(document);
})();
