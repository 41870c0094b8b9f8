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

  function loadAll() {
    var all;
    try {
      all = JSON.parse(localStorage.getItem(STORAGE_KEY)) || {};
    } catch (error) {
      all = {};
    }
    // Ticks stored by an older version, before each page had its own, are dropped.
    Object.keys(all).forEach(function (key) {
      if (typeof all[key] !== "object" || all[key] === null) delete all[key];
    });
    return all;
  }

  function load() {
    return loadAll()[PAGE] || {};
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
  checklist.prepend(tools);
})();
