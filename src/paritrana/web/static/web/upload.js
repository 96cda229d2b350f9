// Sending a large file shows how far it has got. A month of BPJS records for a province is
// hundreds of megabytes, a scanned regulation from a village office tens over a slow line;
// sent by a plain form, the page would sit still for minutes with no sign of life. A form
// marked `data-upload-progress` is sent from here instead (the same fields, the same CSRF
// token, to the same address): a bar and "Mengunggah ... 35% (120,5 dari 340,2 MB)" under the
// form, a button to cancel, a warning when the page is left meanwhile. A file over the form's
// `data-max-bytes` is refused before a byte is sent. The server's answer, the page it leads to
// (the import's own page, the workspace with "evidence added") or the form again with what was
// wrong, takes the place of this page's content, its address in the address bar; "back" then
// loads the page before it again. Without XMLHttpRequest or with no file chosen the form is
// sent as usual. The words come from the page (`#upload-words`), in its language.
(function () {
  var MB = 1024 * 1024;

  function words() {
    var template = document.getElementById("upload-words");
    return template ? template.dataset : null;
  }

  function megabytes(bytes) {
    var lang = document.documentElement.lang || undefined;
    return (bytes / MB).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function statusBox(form) {
    var box = form.querySelector(".upload-progress");
    if (!box) {
      box = document.createElement("div");
      box.className = "upload-progress";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      form.appendChild(box);
    }
    box.textContent = "";
    return box;
  }

  function say(box, text, kind) {
    var line = document.createElement("p");
    line.textContent = text;
    if (kind) line.className = kind;
    box.appendChild(line);
    return line;
  }

  // The server's answer put in the place of this page's content: its <main> (every page's
  // scripts are the same, in <head>), its title, its address when the server redirected (the
  // history then has it, as after a plain form; "back" loads the page before it again). The
  // other scripts hear of the new content (`paritrana:content`) and take it in as on a load.
  function showAnswer(html, address) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var main = answer.querySelector("main");
    var current = document.querySelector("main");
    if (!main || !current) return false;
    if (address && address !== location.href) {
      history.pushState({ upload: true }, "", address);
      window.addEventListener("popstate", function () { location.reload(); });
    }
    current.replaceWith(document.adoptNode(main));
    if (answer.title) document.title = answer.title;
    if (window.htmx) window.htmx.process(main);
    main.dispatchEvent(new CustomEvent("paritrana:content", { bubbles: true }));
    var first = main.querySelector(".error, [aria-invalid=true], .ok");
    (first || main).scrollIntoView();
    return true;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-progress]")) return;
    var text = words();
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!text || !file || !window.XMLHttpRequest || !window.FormData || !window.DOMParser) return;
    event.preventDefault();
    var box = statusBox(form);
    var limit = Number(form.dataset.maxBytes || 0);
    if (limit && file.size > limit) {
      say(box, fill(text.tooLarge, { name: file.name, size: megabytes(file.size), limit: megabytes(limit) }), "error");
      return;
    }

    var data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    buttons.forEach(function (button) { button.disabled = true; });
    var bar = document.createElement("progress");
    bar.max = file.size;
    bar.value = 0;
    box.appendChild(bar);
    var line = say(box, fill(text.sending, { name: file.name, percent: "0%", sent: megabytes(0), total: megabytes(file.size) }));
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "secondary";
    cancel.textContent = text.cancel;
    box.appendChild(cancel);

    var request = new XMLHttpRequest();
    var sending = true;
    function leaving(event) {
      if (!sending) return;
      event.preventDefault();
      event.returnValue = ""; // the browser's own "leave the page?" question
    }
    window.addEventListener("beforeunload", leaving);
    function done() {
      sending = false;
      window.removeEventListener("beforeunload", leaving);
      buttons.forEach(function (button) { button.disabled = false; });
    }
    function failed(message) {
      done();
      box.textContent = "";
      say(box, message, "error");
    }

    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) return;
      bar.max = progress.total;
      bar.value = progress.loaded;
      var percent = Math.floor((100 * progress.loaded) / progress.total) + "%";
      line.textContent = fill(text.sending, {
        name: file.name, percent: percent, sent: megabytes(progress.loaded), total: megabytes(file.size),
      });
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // the server now stores the file: no more to count
      line.textContent = fill(text.received, { name: file.name });
      cancel.remove();
    });
    request.addEventListener("load", function () {
      done();
      if (!showAnswer(request.responseText, request.responseURL)) {
        failed(fill(text.failed, { name: file.name, status: request.status }));
      }
    });
    request.addEventListener("error", function () {
      failed(fill(text.failed, { name: file.name, status: "-" }));
    });
    request.addEventListener("abort", function () {
      failed(fill(text.cancelled, { name: file.name }));
    });
    cancel.addEventListener("click", function () { request.abort(); });
    // Not `form.action`: a field named "action" (the workspace's forms have one) hides it.
    request.open("POST", new URL(form.getAttribute("action") || location.href, location.href).href);
    request.send(data);
  });
})();
