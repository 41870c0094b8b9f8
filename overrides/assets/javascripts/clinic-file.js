// The clinic page's clinic file, loaded when the clinic first saves or loads one: what was typed,
// as the batch reads it (python3 build.py --clinic), and such a file back into the form.
import { Refused, TIMINGS, form, say, schema, words } from "./clinic-handouts.js";

// --- A clinic file out: what was typed, as the batch reads it (python3 build.py --clinic) ----

function quoted(text) { return JSON.stringify(text); } // a JSON string is a YAML one, quoted

function listed(indent, items) {
  return items.map(function (item) { return indent + "- " + quoted(item); });
}

// Lines for a list given in each language: the main one's under its key, the others' under
// translated_<key>, by language code.
function perLanguage(indent, key, byLanguage) {
  var main = form.dataset.mainLanguage;
  var lines = (byLanguage[main] || []).length ? [indent + key + ":"].concat(
    listed(indent + "  ", byLanguage[main])) : [];
  var others = Object.keys(byLanguage).filter(function (code) {
    return code !== main && byLanguage[code].length;
  });
  if (others.length) {
    lines.push(indent + "translated_" + key + ":");
    others.forEach(function (code) {
      lines.push(indent + "  " + code + ":");
      lines = lines.concat(listed(indent + "    ", byLanguage[code]));
    });
  }
  return lines;
}

export function clinicFile(given) {
  var lines = ["# yaml-language-server: $schema=clinic.schema.json", "# " + words.file_note];
  ["name", "phone", "after_hours_phone", "address", "website"].forEach(function (name) {
    if (given[name]) lines.push(name + ": " + quoted(given[name]));
  });
  var file = form.elements.logo.files[0];
  if (file) lines.push("logo: " + quoted(file.name));
  lines = lines.concat(perLanguage("", "aftercare_notes", given.notes));
  var timings = TIMINGS.filter(function (name) { return given.timings[name] !== null; })
    .map(function (name) { return "  " + name + ": " + given.timings[name]; })
    .concat(perLanguage("  ", "warning_signs", given.signs));
  if (timings.length) lines = lines.concat(["timings:"], timings);
  return lines.join("\n") + "\n";
}

// --- A clinic file back in: read with js-yaml (loaded when a file is chosen), into the form --

function listIn(value) {
  return Array.isArray(value) ? value : [];
}

// The first key of a loaded file the form cannot take: one the schema does not know, or a
// value of the wrong shape (text, a whole number, up to three lines of text). The batch would
// refuse such a file too; the values themselves the form then checks as if typed.
function wrongKey(settings) {
  var most = schema.properties.aftercare_notes.maxItems;
  function isLines(value) {
    return Array.isArray(value) && value.length <= most &&
      value.every(function (line) { return typeof line === "string"; });
  }
  function isByLanguage(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
      Object.keys(value).every(function (code) { return isLines(value[code]); });
  }
  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }
  var shapes = {
    name: function (v) { return typeof v === "string"; },
    phone: function (v) { return typeof v === "string" || Number.isInteger(v); },
    after_hours_phone: function (v) { return typeof v === "string" || Number.isInteger(v); },
    address: function (v) { return typeof v === "string"; },
    website: function (v) { return typeof v === "string"; },
    logo: function (v) { return typeof v === "string"; },
    aftercare_notes: isLines,
    translated_aftercare_notes: isByLanguage,
    timings: isMapping,
  };
  var timingShapes = { warning_signs: isLines, translated_warning_signs: isByLanguage };
  TIMINGS.forEach(function (name) { timingShapes[name] = Number.isInteger; });
  function firstWrong(values, known, prefix) {
    return Object.keys(values).map(function (key) {
      var value = values[key];
      var fits = Object.prototype.hasOwnProperty.call(known, key) &&
        (value === null || known[key](value));
      return fits ? null : prefix + key;
    }).filter(Boolean)[0] || null;
  }
  return firstWrong(settings, shapes, "") ||
    (isMapping(settings.timings) ? firstWrong(settings.timings, timingShapes, "timings: ") : null);
}

function fillFrom(settings) {
  var main = form.dataset.mainLanguage;
  ["name", "phone", "after_hours_phone", "address", "website"].forEach(function (name) {
    var value = settings[name];
    form.elements[name].value = value === null || value === undefined ? "" : String(value);
  });
  var timings = settings.timings && typeof settings.timings === "object" ? settings.timings : {};
  TIMINGS.forEach(function (name) {
    form.elements[name].value = timings[name] === null || timings[name] === undefined
      ? "" : String(timings[name]);
  });
  [["data-notes", settings, "aftercare_notes"], ["data-signs", timings, "warning_signs"]]
    .forEach(function (kind) {
      var translated = kind[1]["translated_" + kind[2]] || {};
      form.querySelectorAll("[" + kind[0] + "]").forEach(function (set) {
        var code = set.getAttribute(kind[0]);
        var lines = code === main ? listIn(kind[1][kind[2]]) : listIn(translated[code]);
        set.querySelectorAll("input").forEach(function (input, at) {
          input.value = lines[at] || "";
        });
      });
    });
  return settings.logo ? say(words.loaded_logo, { logo: String(settings.logo) }) : words.loaded;
}


// A loaded clinic file's settings into the form, or a Refused naming the first key it cannot
// take; what the status line then says.
export function filledFrom(settings) {
  if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
    throw new Refused(words.file_unreadable);
  }
  var wrong = wrongKey(settings);
  if (wrong) throw new Refused(say(words.file_wrong, { key: wrong }));
  return fillFrom(settings);
}
