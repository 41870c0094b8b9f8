// The aftercare day grid: a patient may type the date of their session (Day 1). The grid then
// shows the date of each day and marks today's column, and "Add reminders to my calendar" makes
// a calendar file (.ics) on this device, one event with an alarm for each day a rule ends. The
// date is kept in this browser only, until "Forget my date"; nothing is sent anywhere. Without
// JavaScript the grid works as printed: no dates, nothing kept.
(() => {
  "use strict";
  const KEY = "patient-guide.session-date";
  const DAY = 24 * 60 * 60 * 1000;

  const attach = () => {
    const panel = document.querySelector(".grid-dates");
    const grid = document.querySelector("table.day-grid");
    if (!panel || !grid || panel.dataset.ready) return;
    panel.dataset.ready = "yes";
    const words = JSON.parse(panel.dataset.words);
    const reminders = JSON.parse(panel.dataset.reminders);
    const input = panel.querySelector("#session-date");
    const calendar = panel.querySelector(".grid-calendar");
    const forget = panel.querySelector(".grid-forget");
    const status = panel.querySelector(".grid-status");
    const language = document.documentElement.lang || "en";
    const headers = [...grid.querySelectorAll("thead th.day-column")];
    const plainHeaders = headers.map((header) => header.textContent);

    const read = () => {
      try {
        const stored = localStorage.getItem(KEY);
        return /^\d{4}-\d{2}-\d{2}$/.test(stored || "") ? stored : "";
      } catch (error) {
        return ""; // site data blocked: the date lasts until the page is left
      }
    };
    const keep = (value) => {
      try {
        if (value) localStorage.setItem(KEY, value);
        else localStorage.removeItem(KEY);
      } catch (error) {
        // site data blocked: nothing to keep
      }
    };
    // A date typed as YYYY-MM-DD, as a day in this device's time zone (no clock time).
    const dayOf = (value) => {
      const [year, month, day] = value.split("-").map(Number);
      const date = new Date(year, month - 1, day);
      return Number.isNaN(date.getTime()) ? null : date;
    };
    const plus = (date, days) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
    const shown = (date) =>
      date.toLocaleDateString(language, { weekday: "short", day: "numeric", month: "short" });

    const show = (value) => {
      const first = value ? dayOf(value) : null;
      const now = new Date();
      const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
      grid.querySelectorAll(".today").forEach((cell) => cell.classList.remove("today"));
      headers.forEach((header, index) => {
        header.removeAttribute("aria-current");
        header.textContent = plainHeaders[index];
        grid.querySelectorAll(`td[data-day="${index + 1}"]`).forEach((cell) => {
          cell.dataset.label = plainHeaders[index];
        });
        if (!first) return;
        const date = plus(first, index);
        grid.querySelectorAll(`td[data-day="${index + 1}"]`).forEach((cell) => {
          cell.dataset.label = `${plainHeaders[index]} · ${shown(date)}`;
        });
        const line = document.createElement("span");
        line.className = "grid-date";
        line.textContent = shown(date);
        header.append(document.createElement("br"), line);
        if (date.getTime() === today.getTime()) {
          header.setAttribute("aria-current", "date");
          const mark = document.createElement("span");
          mark.className = "grid-today";
          mark.textContent = words.today;
          header.append(document.createElement("br"), mark);
          grid.querySelectorAll(`[data-day="${index + 1}"]`).forEach((cell) => {
            cell.classList.add("today");
            if (cell.dataset.label) cell.dataset.label += ` · ${words.today}`;
          });
        }
      });
      calendar.disabled = !first;
      forget.disabled = !first;
    };

    // iCalendar (RFC 5545): lines end in CRLF and fold at 75 octets; text escapes \ ; , and newlines.
    const text = (value) => value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
    const fold = (line) => {
      const bytes = new TextEncoder();
      const parts = [];
      let current = "";
      for (const char of line) {
        const limit = parts.length ? 74 : 75; // a folded line starts with a space
        if (bytes.encode(current + char).length > limit) {
          parts.push(current);
          current = char;
        } else current += char;
      }
      parts.push(current);
      return parts.join("\r\n ");
    };
    const stamp = (date) =>
      `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, "0")}${String(date.getDate()).padStart(2, "0")}`;
    const icsFor = (first) => {
      const now = new Date();
      const created = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
      const lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Microneedling patient guide//Aftercare reminders//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        `X-WR-CALNAME:${text(words.calendar_name)}`,
      ];
      reminders.forEach((reminder, index) => {
        const day = plus(first, reminder.day - 1);
        lines.push(
          "BEGIN:VEVENT",
          `UID:aftercare-${stamp(first)}-${index + 1}@patient-guide`,
          `DTSTAMP:${created}`,
          `DTSTART;VALUE=DATE:${stamp(day)}`,
          `DTEND;VALUE=DATE:${stamp(plus(day, 1))}`,
          `SUMMARY:${text(reminder.words)}`,
          `DESCRIPTION:${text(`${words.day.replace("{day}", reminder.day)}. ${reminder.words}`)}`,
          "TRANSP:TRANSPARENT",
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          `DESCRIPTION:${text(reminder.words)}`,
          "TRIGGER:PT9H",
          "END:VALARM",
          "END:VEVENT",
        );
      });
      lines.push("END:VCALENDAR");
      return lines.map(fold).join("\r\n") + "\r\n";
    };

    input.addEventListener("change", () => {
      const value = dayOf(input.value || "") ? input.value : "";
      keep(value);
      show(value);
      status.textContent = "";
    });
    forget.addEventListener("click", () => {
      keep("");
      input.value = "";
      show("");
      status.textContent = "";
      input.focus();
    });
    calendar.addEventListener("click", () => {
      const first = input.value ? dayOf(input.value) : null;
      if (!first) return;
      const file = new Blob([icsFor(first)], { type: "text/calendar;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = words.calendar_file;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      status.textContent = words.calendar_done;
    });

    input.value = read();
    show(input.value);
    panel.hidden = false;
  };

  if (typeof document$ !== "undefined") document$.subscribe(attach);
  else document.addEventListener("DOMContentLoaded", attach);
})();
