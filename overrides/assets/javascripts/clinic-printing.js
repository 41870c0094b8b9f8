// The clinic page's printer, loaded when the clinic first asks for handouts: the handouts with
// the clinic's details, made in this browser by the build's own Typst template (Typst compiled
// to WebAssembly), from the print kit each language's build writes beside its handouts
// (hooks/patient_guide/handouts/print_kit.py). It asks the site for the kit and the compiler,
// nothing else.
import {
  Refused, TIMINGS, address, base64, bytes, form, imported, kits, offer, say, schema, slug,
  status, words,
} from "./clinic-handouts.js";

var printer = null; // the compiler and the renderer, made the first time handouts are asked for

// Every kit file the printer reads, kept once read. After the first handouts the page reads the
// rest of every language's kit too, so that it prints on without the network (offline, or the
// site gone) for as long as it stays open.
var kept = new Map();

function keptBytes(url) {
  if (!kept.has(url)) {
    var read = bytes(url);
    kept.set(url, read);
    read.catch(function () { kept.delete(url); }); // asked for again next time
  }
  return kept.get(url);
}

function keptJson(url) {
  return keptBytes(url).then(function (data) { return JSON.parse(new TextDecoder().decode(data)); });
}

function keepEveryKit() {
  // The page's other parts too: a logo chosen, or a clinic file saved or loaded, offline.
  var parts = ["./clinic-logo.js", "./clinic-file.js", address(form.dataset.compiler + "js-yaml.js")]
    .map(imported);
  return Promise.all(parts.concat(Object.keys(kits).map(function (code) {
    var kit = kits[code];
    return keptJson(kit + "index.json").then(function (index) {
      var names = [index.template, "rules.json"];
      index.handouts.forEach(function (entry) {
        entry.prints.forEach(function (print) { names.push(print.job, print.articles); });
      });
      return Promise.all(names.map(function (name) { return keptBytes(kit + name); }));
    });
  }))).catch(function () {}); // what is not kept is read when asked for, as the first was
}

// --- The day grid with a clinic's timings ---------------------------------------------------
// What pages/day_grid.py (day_grid, rule_words) and handouts/print_data.py (grid_data,
// timing_words) make on paper, for the timings typed here; a browser test holds the two to
// each other over many timings.

function lastDay(name, value, inHours) {
  if (value === null || value === undefined) return null;
  return inHours.indexOf(name) >= 0 ? 1 + Math.ceil(value / 24) : value;
}

function ruleWords(text, timings, words) {
  var sunscreen = timings.spf != null ? say(words.spf_clinic, { spf: timings.spf }) : words.spf_blank;
  var hours = timings.hard_exercise_hours != null
    ? say(words.exercise_clinic, { hours: timings.hard_exercise_hours }) : words.exercise;
  return text.split("{spf}").join(sunscreen).split("{exercise}").join(hours);
}

export function dayGrid(grid, timings, words) {
  var ends = grid.rules.map(function (rule) {
    if (!rule.ends) return null;
    var set = lastDay(rule.ends, timings[rule.ends], grid.in_hours);
    return set !== null ? set : lastDay(rule.ends, rule.neutral, grid.in_hours);
  });
  var days = Math.max.apply(null, [grid.min_days].concat(ends.filter(function (end) {
    return end !== null;
  })));
  var numbers = [];
  for (var day = 1; day <= days; day += 1) numbers.push(day);
  var rows = grid.rules.map(function (rule, at) {
    var end = ends[at];
    var ticks, after = "";
    if (rule.kind === "check") {
      ticks = numbers.map(function (day) { return day === end; });
    } else if (end === null) {
      ticks = numbers.map(function () { return true; });
      after = rule.ends ? words.until_day : words.until_clinic;
    } else {
      ticks = numbers.map(function (day) { return day <= end; });
    }
    var printed = ruleWords(rule.do, timings, words);
    return {
      kind: rule.kind,
      words: printed,
      short: rule.short || printed,
      svg: rule.picture_svg,
      alt: rule.alt,
      days: ticks,
      after: after,
      last_day: end,
      in_hours: grid.in_hours.indexOf(rule.ends) >= 0,
    };
  }).filter(function (row) { return row.days.some(Boolean) || row.after; });
  return { days: days, rows: rows };
}

export function timingWords(timings, words) {
  var printed = {};
  if (timings.hard_exercise_hours != null) {
    printed.exercise = say(words.exercise_clinic, { hours: timings.hard_exercise_hours });
  }
  if (timings.call_if_red_on_day != null) {
    var day = timings.call_if_red_on_day;
    printed.redness = day === 2 ? words.redness_clinic_one : say(words.redness_clinic, { day: day });
  }
  if (timings.spf != null) printed.spf = say(words.spf_clinic, { spf: timings.spf });
  var lastDays = {
    sun_days: timings.sun_days,
    makeup_days: timings.no_makeup_days,
    retinoid_days: timings.no_retinoid_days,
    scrub_days: timings.no_scrub_days,
  };
  Object.keys(lastDays).forEach(function (key) {
    if (lastDays[key] != null) printed[key] = say(words.until_day_session, { day: lastDays[key] });
  });
  if (Object.values(lastDays).every(function (days) { return days != null; })) {
    printed.checklist_days = words.until_checklist; // its grid gives each its day
  }
  return printed;
}

// Whether the clinic sets any timing (print_data.clinic_data's own_timings).
export function ownTimings(timings) {
  return TIMINGS.some(function (name) { return timings[name] != null; });
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
  return imported(address(compiler + "typst_ts_web_compiler.js")).then(function (typst) {
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

// The renderer draws the first page of each handout made, for the clinic to look at before
// it prints (it needs no fonts: the compiler's vector format carries the glyphs' shapes).
function loadRenderer() {
  var folder = form.dataset.compiler;
  return imported(address(folder + "typst_ts_renderer.js")).then(function (module) {
    return bytes(folder + "typst_ts_renderer_bg.wasm")
      .then(function (wasm) { return module.default({ module_or_path: wasm }); })
      .then(function () { return new module.TypstRendererBuilder().build(); })
      .then(function (renderer) { return { module: module, renderer: renderer }; });
  });
}

// The document the compiler holds, as Typst draws it: its number of pages (text typed into
// the form cannot pass for a page there, as it could in the PDF's bytes) and its first page
// as an SVG picture's address (a data: address: the picture runs nothing and loads nothing,
// and the site's policy allows it).
function drawn(drawing, compiler) {
  var options = new drawing.module.CreateSessionOptions();
  options.format = "vector";
  options.artifact_content = compiled(compiler, "vector");
  var session = drawing.renderer.create_session(options);
  // Without the renderer's scripts (for a page showing it live): as a picture, nothing runs,
  // and they are not well-formed XML, which a picture must be.
  var svg = drawing.renderer.svg_data(session, null).replace(/<script[\s\S]*?<\/script>/g, "");
  session.free();
  var pages = svg.match(/<g class="typst-page"[^>]*>/g) || [];
  var size = /data-page-width="([\d.]+)" data-page-height="([\d.]+)"/.exec(pages[0] || "");
  if (!size) throw new Error("Typst drew no page");
  var root = svg.slice(0, svg.indexOf(">") + 1);
  var cropped = root
    .replace(/viewBox="[^"]*"/, 'viewBox="0 0 ' + size[1] + " " + size[2] + '"')
    .replace(/ width="[^"]*"/, ' width="' + size[1] + '"')
    .replace(/ height="[^"]*"/, ' height="' + size[2] + '"');
  return {
    pages: pages.length,
    preview: "data:image/svg+xml;base64," +
      base64(new TextEncoder().encode(cropped + svg.slice(root.length))),
  };
}

// Typst's first error, for the status line (a template's fault, not the clinic's).
function typstProblem(out) {
  var first = ((out && out.diagnostics) || [])[0];
  return new Error(first && first.message ? first.message : "Typst made no PDF");
}

// A compilation; what Typst throws as it exports (its diagnostics as Rust writes them) becomes
// an error with Typst's own message alone.
function compiled(compiler, format) {
  var out;
  try {
    out = compiler.compile("/main.typ", [], format, 3);
  } catch (error) {
    var said = /message: "((?:[^"\\]|\\.)*)"/.exec(String(error && error.message));
    throw new Error(said ? said[1] : String(error && error.message));
  }
  if (!out || !out.result) throw typstProblem(out);
  return out.result;
}

// The logo printed once on its own, as the batch proves each logo (logos.LogoProof): a logo
// Typst cannot draw is blamed on the logo, before any handout is printed.
function proveLogo(compiler, svg) {
  if (!svg) return;
  compiler.add_source("/proof.typ", schema.properties.logo["x-logo-rules"].proof);
  var out = null;
  try { // Typst reports a picture it cannot decode by throwing, as it exports
    out = compiler.compile("/proof.typ", [["logo", svg]], "pdf", 3);
  } catch (error) {
    out = null;
  }
  if (!out || !out.result) throw new Refused(words.logo_damaged);
}

// The clinic's details as the template reads them (print_data.clinic_data in the build).
function clinicInputs(given, language, printsNotes, words) {
  return {
    timing_words: timingWords(given.timings, words),
    own_timings: ownTimings(given.timings),
    warning_signs: given.signs[language] || [],
    name: given.name,
    phone: given.phone,
    after_hours_phone: given.after_hours_phone || null,
    address: given.address || null,
    website: given.website || null,
    logo: given.logo,
    notes: printsNotes ? (given.notes[language] || []) : [],
  };
}

function givenTo(compiler, job, articles) {
  compiler.map_shadow("/job.json", new TextEncoder().encode(JSON.stringify(job)));
  compiler.map_shadow("/articles.json", articles);
}

function pdfOf(compiler) {
  return compiled(compiler, "pdf");
}

// The handout's PDF and first page: its first print that keeps within its page limit (as the
// build does, a clinic's long notes leave out the sections it may leave out).
function printed(compiler, kit, entry, given, grid, drawing) {
  var made = null;
  return entry.prints.reduce(function (done, print) {
    return done.then(function () {
      if (made) return;
      return Promise.all([keptJson(kit + print.job), keptBytes(kit + print.articles)])
        .then(function (both) {
          var job = both[0];
          job.clinic = clinicInputs(given, given.language, entry.prints_clinic_notes, job.grid_labels);
          job.author = given.name;
          if (job.grid) job.grid = dayGrid(grid, given.timings, job.grid_labels);
          givenTo(compiler, job, both[1]);
          var look = drawn(drawing, compiler);
          if (entry.page_limit === null || look.pages <= entry.page_limit) {
            made = { pdf: pdfOf(compiler), preview: look.preview };
          }
        });
    });
  }, Promise.resolve()).then(function () {
    if (!made) throw new Error(say(words.too_long, { file: entry.file }));
    return made;
  });
}

// --- A zip of the handouts: stored (PDFs are compressed already), UTF-8 names, a fixed date --

var CRC_TABLE = (function () {
  var table = [];
  for (var n = 0; n < 256; n += 1) {
    var c = n;
    for (var k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table.push(c >>> 0);
  }
  return table;
})();

function crc32(data) {
  var c = 0xffffffff;
  for (var at = 0; at < data.length; at += 1) c = CRC_TABLE[(c ^ data[at]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

var JANUARY_1980 = 0x21; // an MS-DOS date: a zip of the same handouts is the same bytes

function zipped(entries) {
  var parts = [], central = [], offset = 0, encoder = new TextEncoder();
  entries.forEach(function (entry) {
    var name = encoder.encode(entry.name), crc = crc32(entry.data), size = entry.data.length;
    var local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // the name is UTF-8
    local.setUint16(12, JANUARY_1980, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, size, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, entry.data);
    var head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(4, 20, true);
    head.setUint16(6, 20, true);
    head.setUint16(8, 0x0800, true);
    head.setUint16(14, JANUARY_1980, true);
    head.setUint32(16, crc, true);
    head.setUint32(20, size, true);
    head.setUint32(24, size, true);
    head.setUint16(28, name.length, true);
    head.setUint32(42, offset, true);
    central.push(new Uint8Array(head.buffer), name);
    offset += 30 + name.length + size;
  });
  var centralSize = central.reduce(function (total, part) { return total + part.length; }, 0);
  var end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob(parts.concat(central, [new Uint8Array(end.buffer)]), { type: "application/zip" });
}

export function make(given) {
  var kit = kits[given.language];
  return keptJson(kit + "index.json").then(function (index) {
    var chosen = index.handouts.filter(function (entry) {
      return entry.paper === given.paper && entry.edition === given.edition;
    });
    var ready = printer ? Promise.resolve(printer) : (function () {
      status.textContent = words.loading;
      return Promise.all([loadPrinter(kit, index), loadRenderer()]).then(function (both) {
        printer = { compiler: both[0], drawing: both[1] };
        return printer;
      });
    })();
    return ready.then(function (loaded) {
      var compiler = loaded.compiler, drawing = loaded.drawing;
      proveLogo(compiler, given.logo);
      return Promise.all([keptBytes(kit + index.template), keptJson(kit + "rules.json")])
        .then(function (both) {
          var template = new TextDecoder().decode(both[0]), grid = both[1];
          compiler.add_source("/handout.typ", template);
          compiler.add_source("/main.typ", '#include "handout.typ"\n');
          var made = [];
          return chosen.reduce(function (done, entry, number) {
            return done.then(function () {
              status.textContent = say(words.printing, { done: number + 1, total: chosen.length });
              return printed(compiler, kit, entry, given, grid, drawing).then(function (done) {
                made.push({ name: entry.file, data: done.pdf });
                offer(entry.file, entry.title, new Blob([done.pdf], { type: "application/pdf" }),
                  done.preview);
              });
            });
          }, Promise.resolve()).then(function () {
            var name = [slug(given.name), given.language, given.paper, given.edition].join("-");
            offer(name + ".zip", words.all, zipped(made));
            return keepEveryKit().then(function () { return chosen.length; });
          });
        });
    });
  });
}
