// The aftercare checklist remembers its ticks in this browser only (localStorage; nothing is
// sent anywhere), and a button clears them.
(function () {
  "use strict";
  var STORAGE_KEY = "microneedling-guide.checklist-ticks";
  var checklist = document.querySelector(".checklist");
  if (!checklist) return;
  var boxes = checklist.querySelectorAll("input[type=checkbox][id]");

  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function save(ticks) {
    try {
      if (Object.keys(ticks).length) localStorage.setItem(STORAGE_KEY, JSON.stringify(ticks));
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
  clear.textContent = "Clear all ticks";
  var note = document.createElement("p");
  note.textContent = "Your ticks are kept in this browser only, on this device.";
  var status = document.createElement("p");
  status.className = "checklist-status";
  status.setAttribute("role", "status");
  clear.addEventListener("click", function () {
    boxes.forEach(function (box) {
      box.checked = false;
    });
    save({});
    status.textContent = "All ticks cleared.";
  });
  tools.append(clear, note, status);
  checklist.prepend(tools);
})();
