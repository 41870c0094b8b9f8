// The clinic page's form: what a clinic types, checked with the rules of
// clinics/clinic.schema.json, which the print kit carries (the batch checks a clinic file with
// the same). The rest loads when the clinic first needs it: the logo check (clinic-logo.js), the
// printer (clinic-printing.js) and the clinic file (clinic-file.js), each a module that takes
// what it shares from this one. Nothing typed leaves the browser: the page asks its own site for
// the kit and the compiler, nothing else.
export var form = document.getElementById("clinic-form");
export var words = form ? JSON.parse(form.dataset.words) : {};
export var kits = form ? JSON.parse(form.dataset.kits) : {};
export var status = form && form.querySelector(".clinic-form__status");
export var TIMINGS = ["sun_days", "no_makeup_days", "no_retinoid_days", "no_scrub_days",
  "hard_exercise_hours", "call_if_red_on_day", "spf"];
var files = form && form.querySelector(".clinic-form__files");
var button = form && form.querySelector("button[type=submit]");
var madeLinks = [];

// A problem the clinic can fix (a logo, a clinic file), said beside its field.
export function Refused(message) { this.message = message; }

// A module of the page's (or the printer's), imported once. One that failed to load (offline) is
// asked for again next time, at an address of its own: a browser keeps an import's failure for
// as long as the page is open.
var importTries = {};

export function imported(url) {
  var tried = importTries[url] || 0;
  var asked = tried ? url + (url.indexOf("?") < 0 ? "?" : "&") + "try=" + tried : url;
  return import(asked).catch(function (error) {
    importTries[url] = tried + 1;
    throw error;
  });
}

export function base64(data) {
  var text = "";
  for (var at = 0; at < data.length; at += 0x8000) {
    text += String.fromCharCode.apply(null, data.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

export function say(text, values) {
  return text.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
}

export function address(relative) {
  return new URL(relative, document.baseURI).href;
}

export function fetched(url) {
  return fetch(address(url)).then(function (response) {
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response;
  });
}

export function bytes(url) {
  return fetched(url).then(function (r) { return r.arrayBuffer(); })
    .then(function (buffer) { return new Uint8Array(buffer); });
}

export function json(url) {
  return fetched(url).then(function (r) { return r.json(); });
}

// --- The form's values, checked with the schema's rules -------------------------------------

function values() {
  var found = {};
  ["name", "phone", "after_hours_phone", "address", "website"].forEach(function (name) {
    found[name] = form.elements[name].value.trim();
  });
  found.notes = {};
  form.querySelectorAll("[data-notes]").forEach(function (set) {
    var code = set.dataset.notes;
    found.notes[code] = Array.prototype.map.call(
      set.querySelectorAll("input"), function (input) { return input.value.trim(); }
    ).filter(function (note) { return note; });
  });
  found.timings = {};
  TIMINGS.forEach(function (name) {
    var value = form.elements[name].value.trim();
    found.timings[name] = value === "" ? null : Number(value);
  });
  found.signs = {};
  form.querySelectorAll("[data-signs]").forEach(function (set) {
    found.signs[set.dataset.signs] = Array.prototype.map.call(
      set.querySelectorAll("input"), function (input) { return input.value.trim(); }
    ).filter(function (sign) { return sign; });
  });
  if (found.website) found.website = withPath(found.website);
  found.logo = logo.svg; // checked: values() is read once the logo check is done
  found.language = form.elements.language.value;
  found.paper = form.elements.paper.value;
  found.edition = form.elements.edition.value;
  return found;
}

// A property's rules for a string: its own and those of its anyOf's string branch.
function stringRules(property) {
  var rules = Object.assign({}, property || {});
  ((property && property.anyOf) || []).forEach(function (branch) {
    if (branch.type === "string") Object.assign(rules, branch);
  });
  return rules;
}

function problemWith(name, value, rules, required) {
  if (!value) return required ? words.required : "";
  if (rules.maxLength && value.length > rules.maxLength) {
    return say(words.too_many_characters, { limit: rules.maxLength });
  }
  var plain = rules["x-plain-text"];
  if (plain && new RegExp(plain.markup).test(value)) return words.markup;
  if (plain) {
    var allowed = rules["x-multiline"] ? /[\n\t]/ : /^$/;
    var hidden = Array.from(value).filter(function (char) {
      return new RegExp(plain.refused, "u").test(char) && !allowed.test(char);
    });
    if (hidden.length) return say(words.hidden_character, { code: codePoint(hidden[0]) });
  }
  var missing = unprintable(value);
  if (missing.length) return say(words.unprintable, { chars: missing.join(" ") });
  var longest = rules["x-longest-word"];
  if (longest && value.split(/\s+/).some(function (word) { return word.length > longest; })) {
    return say(words.long_word, { limit: longest });
  }
  var example = (rules.examples || [""])[0];
  if ((rules.pattern && !new RegExp(rules.pattern, "u").test(value)) ||
      (rules.format === "uri" && !webAddress(value))) {
    return say(rules.format === "uri" ? words.not_a_web_address : words.not_allowed,
      { example: example });
  }
  return "";
}

function codePoint(char) {
  return "U+" + char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
}

// A web address as the batch takes it (clinic_files/settings._is_web_address): a host, and a
// port that is a port.
function webAddress(text) {
  try {
    return Boolean(new URL(text).hostname);
  } catch (error) {
    return false;
  }
}

// The address as the batch prints it: with "/" after a host that has no path.
function withPath(text) {
  var parts = /^(https?:\/\/[^\/?#]*)(.*)$/i.exec(text);
  return parts && parts[2].charAt(0) !== "/" ? parts[1] + "/" + parts[2] : text;
}

export function show(input, problem) {
  var place = document.getElementById(input.getAttribute("aria-describedby"));
  place.textContent = problem;
  if (problem) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  return problem ? [input] : [];
}

function checked(schema) {
  var wrong = [];
  var required = schema.required || [];
  ["name", "phone", "after_hours_phone", "address", "website"].forEach(function (name) {
    var input = form.elements[name];
    var rules = stringRules(schema.properties[name]);
    wrong = wrong.concat(show(input, problemWith(name, input.value.trim(), rules,
      required.indexOf(name) >= 0)));
  });
  var noteRules = stringRules((schema.properties.aftercare_notes || {}).items);
  form.querySelectorAll("[data-notes] input").forEach(function (input) {
    wrong = wrong.concat(show(input, problemWith("note", input.value.trim(), noteRules, false)));
  });
  var timingRules = schema.$defs.ClinicTimings.properties;
  TIMINGS.forEach(function (name) {
    var input = form.elements[name];
    wrong = wrong.concat(show(input, numberProblem(input.value.trim(), timingRules[name])));
  });
  var signRules = stringRules(timingRules.warning_signs.items);
  var anySigns = false;
  form.querySelectorAll("[data-signs] input").forEach(function (input) {
    anySigns = anySigns || Boolean(input.value.trim());
    wrong = wrong.concat(show(input, problemWith("sign", input.value.trim(), signRules, false)));
  });
  // As the batch: signs in the main language need them in every other language too (it
  // prints every language); signs in another language alone are that language's own.
  var signs = values().signs;
  var main = form.dataset.mainLanguage;
  if (anySigns && (signs[main] || []).length) {
    Object.keys(signs).forEach(function (code) {
      var first = form.querySelector("[data-signs='" + code + "'] input");
      if (!signs[code].length) wrong = wrong.concat(show(first, words.signs_in_language));
    });
  }
  return wrong.concat(show(form.elements.logo, logo.problem));
}

function numberProblem(value, rules) {
  if (!value) return "";
  var number = Number(value);
  var fits = /^[0-9]+$/.test(value) && number >= rules.minimum && number <= rules.maximum &&
    (!rules.multipleOf || number % rules.multipleOf === 0);
  if (fits) return "";
  return say(rules.multipleOf ? words.number_step : words.number_range,
    { low: rules.minimum, high: rules.maximum, step: rules.multipleOf });
}

// The chosen logo: checked as soon as it is chosen, its problem shown beside it. Only the last
// choice's check counts: an earlier one that ends later is ignored.
var logo = { svg: null, problem: "" };
var logoChoices = 0;
var logoRead = Promise.resolve(); // the check of the last logo chosen

function logoChosen() {
  var choice = ++logoChoices;
  var file = form.elements.logo.files[0];
  logo = { svg: null, problem: "" };
  if (!file) return Promise.resolve(show(form.elements.logo, ""));
  var rules = schema.properties.logo["x-logo-rules"];
  var read = file.size > rules.maxBytes ? Promise.resolve(null) : file.arrayBuffer();
  return read.then(function (buffer) {
    return Promise.all([buffer, imported("./clinic-logo.js")]);
  }).then(function (both) {
    if (choice !== logoChoices) return;
    var buffer = both[0];
    var checked = { svg: null, problem: "" };
    try {
      checked.svg = both[1].checkedLogo(file.name, buffer ? new Uint8Array(buffer) : new Uint8Array(file.size), rules);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      checked.problem = error.message;
    }
    logo = checked;
    show(form.elements.logo, logo.problem);
    form.elements.logo.dataset.checked = logo.svg ? "taken" : "refused";
  });
}

// --- What the handouts' typeface can print ---------------------------------------------------

var printable = null; // [first, last] code points, from the kit

export function unprintable(text) {
  if (!printable) return [];
  var found = [];
  Array.from(text).forEach(function (char) {
    var point = char.codePointAt(0);
    var drawn = char === "\n" || char === "\t" || printable.some(function (run) {
      return run[0] <= point && point <= run[1];
    });
    if (!drawn && found.indexOf(char) < 0) found.push(char);
  });
  return found;
}

// A link to save a file made here (it lives in this browser only).
export function offer(fileName, text, blob, preview) {
  var url = URL.createObjectURL(blob);
  madeLinks.push(url);
  var item = document.createElement("li");
  var link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.textContent = text + " (" + fileName + ")";
  item.appendChild(link);
  if (preview) {
    var picture = document.createElement("img");
    picture.className = "clinic-form__preview";
    picture.src = preview;
    picture.alt = say(words.preview, { title: text });
    item.appendChild(picture);
  }
  files.appendChild(item);
}

export function slug(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")
    || "clinic";
}

// The rules (a few KB: the schema and the typeface's characters), loaded when the clinic
// first uses the form, not with the page.
export var schema = null;
var here = kits[document.documentElement.lang] || kits[Object.keys(kits)[0]];
var rulesRead = null;
function rules() {
  if (!rulesRead) {
    rulesRead = Promise.all([json(here + "clinic.schema.json"), json(here + "printable.json")])
      .then(function (both) { schema = both[0]; printable = both[1]; });
    // Said when the clinic asks for handouts (see below); read again at the next ask.
    rulesRead.catch(function () { rulesRead = null; });
  }
  return rulesRead;
}

// The form checked once the rules are read and a logo still being checked is done (the form
// then holds what is printed or saved), with more() giving any further fields found wanting:
// true when nothing is; otherwise the status says to fix them and the first has the focus.
function formChecked(more) {
  return Promise.all([rules(), logoRead]).then(function () {
    var wrong = checked(schema).concat(more ? more() : []);
    if (!wrong.length) return true;
    status.textContent = words.fix;
    wrong[0].focus();
    return false;
  });
}

// A problem the page cannot fix: no network yet, no printer in this copy, or Typst's own.
function unavailable(error) {
  if (navigator.onLine === false) return words.offline;
  var missing = location.protocol === "file:" || /Failed to fetch|import/i.test(String(error));
  return missing ? words.unavailable : say(words.failed, { problem: error.message });
}

if (form) {
  // Until this script runs (without scripts, or from a copy opened from disk) the form says it
  // needs them, and its button, off, sends nothing anywhere.
  status.textContent = "";
  button.disabled = false;
  form.addEventListener("focusin", rules);
  form.elements.logo.addEventListener("change", function () {
    logoRead = rules().then(logoChosen);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    madeLinks.forEach(function (url) { URL.revokeObjectURL(url); });
    madeLinks = [];
    files.textContent = "";
    button.disabled = true;
    formChecked().then(function (right) {
      if (!right) return;
      var given = values();
      return imported("./clinic-printing.js").then(function (printing) {
        return printing.make(given);
      }).then(function (count) {
        status.textContent = say(words.done, { count: count });
        form.dataset.made = String(count);
      });
    }).catch(function (error) {
      if (error instanceof Refused) { // the logo, found wanting when printed on its own
        status.textContent = words.fix;
        show(form.elements.logo, error.message);
        form.elements.logo.focus();
        return;
      }
      status.textContent = unavailable(error);
    }).then(function () {
      button.disabled = false;
    });
  });

  form.querySelector("[data-save]").addEventListener("click", function () {
    formChecked(function () {
      // The file names its logo: a name the batch could not read back is refused here.
      var file = form.elements.logo.files[0];
      var plain = { "x-plain-text": schema.properties.name["x-plain-text"] };
      var named = file && !logo.problem && problemWith("logo", file.name, plain, false);
      return named ? show(form.elements.logo, words.logo_name) : [];
    }).then(function (right) {
      if (!right) return;
      var given = values();
      return imported("./clinic-file.js").then(function (clinicFile) {
        offer(slug(given.name) + ".yml", words.save_file,
          new Blob([clinicFile.clinicFile(given)], { type: "application/yaml" }));
        status.textContent = words.saved;
      });
    }).catch(function (error) {
      status.textContent = unavailable(error);
    });
  });

  // A clinic file back in: read with js-yaml (loaded when a file is chosen), into the form.
  form.elements.clinic_file.addEventListener("change", function () {
    var file = form.elements.clinic_file.files[0];
    var place = document.getElementById("clinic-clinic_file-problem");
    if (!file) return;
    rules().then(function () {
      if (file.size > schema["x-max-file-bytes"]) throw new Refused(words.file_too_big);
      return Promise.all([
        imported(address(form.dataset.compiler + "js-yaml.js")),
        file.text(),
        imported("./clinic-file.js"),
      ]);
    }).then(function (loaded) {
      var settings;
      try {
        settings = loaded[0].load(loaded[1], { schema: loaded[0].JSON_SCHEMA });
      } catch (error) {
        throw new Refused(words.file_unreadable);
      }
      status.textContent = loaded[2].filledFrom(settings);
      show(form.elements.clinic_file, "");
      form.dataset.loaded = file.name;
    }).catch(function (error) {
      place.textContent = error instanceof Refused ? error.message : unavailable(error);
      form.elements.clinic_file.setAttribute("aria-invalid", "true");
    });
  });
}
