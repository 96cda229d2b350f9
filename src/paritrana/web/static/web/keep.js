// What someone types into a long form (a score sheet with its comments, a candidate's answers,
// interview notes, a criterion's rubric) is kept in this browser tab until the server has it,
// so that nothing typed is lost when sending fails: a session that ran out (the login page
// comes instead), a form left open past a login in another tab (the "form expired" page), a
// page closed by mistake.
//
// A form marked `data-keep="<user>:<path>#<form>"` is watched: each change is written to the
// tab's sessionStorage (gone when the tab closes, never shared with another tab or sent to the
// server) together with what the server had put in the form. When the form is shown again:
// - the server's values are what was typed: it has them, the copy is dropped;
// - the server's values are still those the typing started from: what was typed never arrived,
//   it is put back into the form, with a notice and a way back to the saved values;
// - the server's values changed since (saved meanwhile, here or by someone else): nothing is
//   put back by itself; the notice offers to.
// Hidden fields (a sheet's version), files, passwords and check boxes (an "I am sure" is given
// anew each time) are never kept. Logging out forgets every kept copy of the tab.
(function () {
  var PREFIX = "paritrana.isian:";
  var MAX_AGE = 24 * 3600 * 1000;
  var SKIPPED = ["hidden", "submit", "button", "reset", "image", "file", "password", "checkbox"];

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) { // storage switched off: the form works as it did without this
      return null;
    }
  }

  function kept(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      return field.name && !field.disabled && !field.readOnly && SKIPPED.indexOf(type) < 0;
    });
  }

  function valuesOf(form) {
    var values = {};
    kept(form).forEach(function (field) {
      if (field.type === "radio") {
        if (!(field.name in values)) values[field.name] = "";
        if (field.checked) values[field.name] = field.value;
      } else if (field.multiple) {
        values[field.name] = Array.prototype.map.call(field.selectedOptions, function (option) {
          return option.value;
        }).join("\n");
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function put(form, values) {
    kept(form).forEach(function (field) {
      if (!(field.name in values)) return;
      var value = values[field.name];
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (field.multiple) {
        var chosen = value.split("\n");
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = chosen.indexOf(option.value) >= 0;
        });
      } else {
        field.value = value;
      }
    });
  }

  // The server gives back what it was sent with line ends made "\n" and, for some fields,
  // spaces at the ends taken off: such a difference is no difference.
  function plain(value) {
    return String(value).replace(/\r\n?/g, "\n").trim();
  }

  function same(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    return names.every(function (name) {
      return plain(a[name] === undefined ? "" : a[name]) === plain(b[name] === undefined ? "" : b[name]);
    });
  }

  function read(storage, key) {
    try {
      var copy = JSON.parse(storage.getItem(key) || "null");
      if (copy && copy.fields && copy.initial && Date.now() - copy.saved < MAX_AGE) return copy;
    } catch (error) { /* a copy that cannot be read is dropped below */ }
    storage.removeItem(key);
    return null;
  }

  function write(storage, key, copy) {
    try {
      storage.setItem(key, JSON.stringify(copy));
    } catch (error) { /* storage full: the form still sends as usual */ }
  }

  function words() {
    var template = document.getElementById("keep-words");
    return template ? template.dataset : null;
  }

  function notice(form, text, buttons) {
    var box = document.createElement("div");
    box.className = "notice keep-notice";
    box.setAttribute("role", "status");
    var line = document.createElement("p");
    line.textContent = text;
    box.appendChild(line);
    buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "secondary";
      element.textContent = button.label;
      element.addEventListener("click", function () {
        button.act();
        box.remove();
      });
      box.appendChild(element);
    });
    form.parentNode.insertBefore(box, form);
    return box;
  }

  function at(time) {
    var lang = document.documentElement.lang || undefined;
    return new Date(time).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  function watch(form, storage, text) {
    var key = PREFIX + form.dataset.keep;
    var saved = valuesOf(form); // what the server put in the form
    var copy = read(storage, key);
    if (copy && same(copy.fields, saved)) {
      storage.removeItem(key);
    } else if (copy && same(copy.initial, saved)) {
      put(form, copy.fields);
      write(storage, key, { saved: copy.saved, initial: saved, fields: copy.fields });
      notice(form, text.restored.replace("{time}", at(copy.saved)), [
        { label: text.undo, act: function () { put(form, saved); storage.removeItem(key); } },
      ]);
    } else if (copy) {
      notice(form, text.offer.replace("{time}", at(copy.saved)), [
        { label: text.restore, act: function () { put(form, copy.fields); remember(); } },
        { label: text.discard, act: function () { storage.removeItem(key); } },
      ]);
    }

    function remember() {
      var values = valuesOf(form);
      if (same(values, saved)) storage.removeItem(key);
      else write(storage, key, { saved: Date.now(), initial: saved, fields: values });
    }
    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var storage = store();
    var text = words();
    if (!storage || !text) return;
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      watch(form, storage, text);
    });
    // Content put in place of the page's (upload.js) holds forms of its own.
    document.addEventListener("paritrana:content", function (event) {
      event.target.querySelectorAll("form[data-keep]").forEach(function (form) {
        watch(form, storage, text);
      });
    });
    document.querySelectorAll("form.logout").forEach(function (form) {
      form.addEventListener("submit", function () {
        for (var i = storage.length - 1; i >= 0; i--) {
          var name = storage.key(i);
          if (name && name.indexOf(PREFIX) === 0) storage.removeItem(name);
        }
      });
    });
  });
})();
