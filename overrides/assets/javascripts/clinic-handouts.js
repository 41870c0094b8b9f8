// The clinic page's printer: the handouts with a clinic's details, made in this browser by the
// build's own Typst template (Typst compiled to WebAssembly), from the print kit each language's
// build writes beside its handouts (hooks/patient_guide/handouts/print_kit.py). The form is
// checked with the rules of clinics/clinic.schema.json, which the kit carries. Nothing typed
// leaves the browser: the page asks its own site for the kit and the compiler, nothing else.
(function () {
  "use strict";
  var form = document.getElementById("clinic-form");
  if (!form) return;
  var words = JSON.parse(form.dataset.words);
  var kits = JSON.parse(form.dataset.kits);
  var status = form.querySelector(".clinic-form__status");
  var files = form.querySelector(".clinic-form__files");
  var button = form.querySelector("button[type=submit]");
  var printer = null; // the compiler, made the first time handouts are asked for
  var madeLinks = [];

  function say(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }

  function address(relative) {
    return new URL(relative, document.baseURI).href;
  }

  function fetched(url) {
    return fetch(address(url)).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response;
    });
  }

  function bytes(url) {
    return fetched(url).then(function (r) { return r.arrayBuffer(); })
      .then(function (buffer) { return new Uint8Array(buffer); });
  }

  function json(url) {
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
    if (rules.pattern && !new RegExp(rules.pattern, "u").test(value)) {
      var example = (rules.examples || [""])[0];
      return say(name === "website" ? words.not_a_web_address : words.not_allowed,
        { example: example });
    }
    return "";
  }

  function show(input, problem) {
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
    return wrong;
  }

  // --- Printing ------------------------------------------------------------------------------

  // While it starts, the compiler's glue makes a few small functions from strings (stand-ins
  // for what the page then gives it: a file reader, a package registry), and the site's CSP
  // refuses to run strings. These are the same functions, written out; any other string is
  // refused, so nothing else the compiler might ask to run from text runs.
  var STAND_INS = {
    "return 0": function () { return 0; },
    "return true": function () { return true; },
    "path\nreturn path": function (path) { return path; },
  };
  var THROWS = /^throw new Error\('([^']*)'\)$/;

  function startingWithoutStrings(start) {
    var real = window.Function;
    window.Function = function () {
      var body = Array.prototype.join.call(arguments, "\n");
      if (Object.prototype.hasOwnProperty.call(STAND_INS, body)) return STAND_INS[body];
      var thrown = THROWS.exec(body);
      if (thrown) return function () { throw new Error(thrown[1]); };
      throw new Error("the printer asked to run text as a script; it is not allowed to");
    };
    var restore = function () { window.Function = real; };
    return Promise.resolve().then(start).then(
      function (value) { restore(); return value; },
      function (error) { restore(); throw error; }
    );
  }

  function loadPrinter(kit, index) {
    var compiler = form.dataset.compiler;
    return import(address(compiler + "typst_ts_web_compiler.js")).then(function (typst) {
      return bytes(compiler + "typst_ts_web_compiler_bg.wasm").then(function (wasm) {
        return typst.default({ module_or_path: wasm });
      }).then(function () {
        return startingWithoutStrings(function () { return built(typst, kit, index); });
      });
    });
  }

  function built(typst, kit, index) {
    var builder = new typst.TypstCompilerBuilder();
    // It reads only the files the page gives it (map_shadow), and never a package.
    var refused = function (what) { throw new Error("not given to the printer: " + what); };
    return Promise.all([
      builder.set_access_model(
        {},
        function () { return 0; },
        function () { return false; },
        function (path) { return path; },
        refused
      ),
      builder.set_package_registry({}, refused),
    ]).then(function () {
      return index.fonts.reduce(function (done, font) {
        return done.then(function () { return bytes(kit + font); })
          .then(function (data) { return builder.add_raw_font(data); });
      }, Promise.resolve());
    }).then(function () { return builder.build(); });
  }

  // The clinic's details as the template reads them (print_data.clinic_data in the build).
  function clinicInputs(given, language, printsNotes) {
    return {
      timing_words: {},
      warning_signs: [],
      name: given.name,
      phone: given.phone,
      after_hours_phone: given.after_hours_phone || null,
      address: given.address || null,
      website: given.website || null,
      logo: null,
      notes: printsNotes ? (given.notes[language] || []) : [],
    };
  }

  function pageCount(pdf) {
    var text = new TextDecoder("latin1").decode(pdf);
    return (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
  }

  function typeset(compiler, job, articles) {
    compiler.map_shadow("/job.json", new TextEncoder().encode(JSON.stringify(job)));
    compiler.map_shadow("/articles.json", articles);
    var out = compiler.compile("/main.typ", [], "pdf", 3);
    if (!out || !out.result) {
      var first = ((out && out.diagnostics) || [])[0];
      throw new Error(first ? first.message : "Typst made no PDF");
    }
    return out.result;
  }

  // The handout's PDF: its first print that keeps within its page limit (as the build does, a
  // clinic's long notes leave out the sections it may leave out).
  function printed(compiler, kit, entry, given) {
    var clinic = clinicInputs(given, given.language, entry.prints_clinic_notes);
    var pdf = null;
    return entry.prints.reduce(function (done, print) {
      return done.then(function () {
        if (pdf) return;
        return Promise.all([json(kit + print.job), bytes(kit + print.articles)])
          .then(function (both) {
            var job = Object.assign(both[0], { clinic: clinic, author: given.name });
            var made = typeset(compiler, job, both[1]);
            if (entry.page_limit === null || pageCount(made) <= entry.page_limit) pdf = made;
          });
      });
    }, Promise.resolve()).then(function () {
      if (!pdf) throw new Error(say(words.too_long, { file: entry.file }));
      return pdf;
    });
  }

  function offer(entry, pdf) {
    var url = URL.createObjectURL(new Blob([pdf], { type: "application/pdf" }));
    madeLinks.push(url);
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = url;
    link.download = entry.file;
    link.textContent = entry.title + " (" + entry.file + ")";
    item.appendChild(link);
    files.appendChild(item);
  }

  function make(given) {
    var kit = kits[given.language];
    return json(kit + "index.json").then(function (index) {
      var chosen = index.handouts.filter(function (entry) {
        return entry.paper === given.paper && entry.edition === given.edition;
      });
      var ready = printer ? Promise.resolve(printer) : (function () {
        status.textContent = words.loading;
        return loadPrinter(kit, index).then(function (made) { printer = made; return made; });
      })();
      return ready.then(function (compiler) {
        return fetched(kit + index.template).then(function (r) { return r.text(); })
          .then(function (template) {
            compiler.add_source("/handout.typ", template);
            compiler.add_source("/main.typ", '#include "handout.typ"\n');
            return chosen.reduce(function (done, entry, number) {
              return done.then(function () {
                status.textContent = say(words.printing, { done: number + 1, total: chosen.length });
                return printed(compiler, kit, entry, given).then(function (pdf) {
                  offer(entry, pdf);
                });
              });
            }, Promise.resolve()).then(function () { return chosen.length; });
          });
      });
    });
  }

  var schema = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    madeLinks.forEach(function (url) { URL.revokeObjectURL(url); });
    madeLinks = [];
    files.textContent = "";
    var given = values();
    var kit = kits[given.language];
    var rules = schema ? Promise.resolve(schema) : json(kit + "clinic.schema.json");
    button.disabled = true;
    rules.then(function (found) {
      schema = found;
      var wrong = checked(schema);
      if (wrong.length) {
        status.textContent = words.fix;
        wrong[0].focus();
        return;
      }
      return make(given).then(function (count) {
        status.textContent = say(words.done, { count: count });
        form.dataset.made = String(count);
      });
    }).catch(function (error) {
      var offline = location.protocol === "file:" || /Failed to fetch|import/i.test(String(error));
      status.textContent = offline ? words.unavailable : say(words.failed, { problem: error.message });
    }).then(function () {
      button.disabled = false;
    });
  });
})();
