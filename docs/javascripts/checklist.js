// A page's checklist (aftercare, the visit list, the questions list) remembers its ticks in this
// browser only (localStorage; nothing is sent anywhere), each page apart from the others, and a
// button clears the ticks of this page. Its words are the page's own (labels.yml's checklist
// group, written into each page by overrides/main.html), so each language has its own.
(function () {
  "use strict";
  var STORAGE_KEY = "microneedling-guide.checklist-ticks";
  var PAGE = location.pathname;
  var checklist = document.querySelector(".checklist");
  if (!checklist) return;
  var boxes = checklist.querySelectorAll("input[type=checkbox][id]");
  var words = JSON.parse(document.getElementById("checklist-labels").textContent);

  // Only an object of objects is read back: whatever else is stored under the key (by an older
  // version, another script, or a hand in the browser's tools) counts as no ticks.
  function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }

  function loadAll() {
    var all = {};
    try {
      var stored = JSON.parse(localStorage.getItem(STORAGE_KEY));
      if (isRecord(stored)) all = stored;
    } catch (error) {
      // Not JSON, or storage blocked (private browsing): no ticks.
    }
    var pages = Object.create(null); // no key, not even "__proto__", is special
    Object.keys(all).forEach(function (page) {
      if (!isRecord(all[page])) return; // ticks of an older version, before pages had their own
      var ticks = Object.create(null);
      Object.keys(all[page]).forEach(function (id) {
        if (all[page][id] === true) ticks[id] = true;
      });
      pages[page] = ticks;
    });
    return pages;
  }

  // This page's ticks, of the boxes it has now (an edit may have removed some).
  function load() {
    var stored = loadAll()[PAGE] || {};
    var ticks = {};
    boxes.forEach(function (box) {
      if (stored[box.id] === true) ticks[box.id] = true;
    });
    return ticks;
  }

  function save(ticks) {
    var all = loadAll();
    if (Object.keys(ticks).length) all[PAGE] = ticks;
    else delete all[PAGE];
    try {
      if (Object.keys(all).length) localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
      else localStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // Storage may be blocked (private browsing): ticks then last until the page is left.
    }
  }

  var ticks = load();
  boxes.forEach(function (box) {
    box.checked = ticks[box.id] === true;
    box.addEventListener("change", function () {
      var current = load();
      if (box.checked) current[box.id] = true;
      else delete current[box.id];
      save(current);
    });
  });

  var tools = document.createElement("div");
  tools.className = "checklist-tools";
  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "md-button";
  clear.textContent = words.clear;
  var note = document.createElement("p");
  note.textContent = words.kept;
  var status = document.createElement("p");
  status.className = "checklist-status";
  status.setAttribute("role", "status");
  clear.addEventListener("click", function () {
    boxes.forEach(function (box) {
      box.checked = false;
    });
    save({});
    status.textContent = words.cleared;
  });
  tools.append(clear, note, status);
  checklist.append(tools); // after the boxes, where a reader has ticked some
})();
