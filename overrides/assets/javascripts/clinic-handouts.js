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
  var TIMINGS = ["sun_days", "no_makeup_days", "no_retinoid_days", "no_scrub_days",
    "hard_exercise_hours", "call_if_red_on_day", "spf"];

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
    found.logo = logo.svg; // the logo as it was when asked for: a change while printing waits
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

  // The chosen logo: checked as soon as it is chosen, its problem shown beside it.
  var logo = { svg: null, problem: "" };

  function logoChosen() {
    var file = form.elements.logo.files[0];
    logo = { svg: null, problem: "" };
    if (!file) return Promise.resolve(show(form.elements.logo, ""));
    var rules = schema.properties.logo["x-logo-rules"];
    var read = file.size > rules.maxBytes ? Promise.resolve(null) : file.arrayBuffer();
    return read.then(function (buffer) {
      try {
        logo.svg = checkedLogo(file.name, buffer ? new Uint8Array(buffer) : new Uint8Array(file.size), rules);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        logo.problem = error.message;
      }
      show(form.elements.logo, logo.problem);
      form.elements.logo.dataset.checked = logo.svg ? "taken" : "refused";
    });
  }

  // --- The logo, checked with the batch's rules (the schema's x-logo-rules) ---------------------
  // clinic_files/logos.py says why each rule is there; this reads the same limits.

  function Refused(message) { this.message = message; }

  function uint32(data, at) {
    return ((data[at] << 24) >>> 0) + (data[at + 1] << 16) + (data[at + 2] << 8) + data[at + 3];
  }

  var PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

  function isPng(data) {
    return PNG_SIGNATURE.every(function (byte, at) { return data[at] === byte; });
  }

  // A PNG's size from its header, once its chunks are known to run whole to its end.
  function pngSize(data) {
    var at = 8;
    var ended = false;
    var pixels = false; // an image data chunk: a PNG without one has no picture to decode
    while (at + 12 <= data.length) {
      var length = uint32(data, at);
      var kind = String.fromCharCode(data[at + 4], data[at + 5], data[at + 6], data[at + 7]);
      pixels = pixels || kind === "IDAT";
      at += 12 + length;
      if (kind === "IEND") { ended = at <= data.length; break; }
    }
    if (!ended || !pixels || data.length < 24) throw new Refused(words.logo_damaged);
    return { width: uint32(data, 16), height: uint32(data, 20) };
  }

  // A JPEG's size from its first frame header.
  function jpegSize(data) {
    var at = 2;
    var last = data.length;
    while (last > 2 && data[last - 1] === 0) last -= 1;
    var whole = data[last - 2] === 0xff && data[last - 1] === 0xd9; // cut short: no end marker
    if (data[0] !== 0xff || data[1] !== 0xd8 || !whole) throw new Refused(words.logo_damaged);
    while (at + 9 < data.length) {
      if (data[at] !== 0xff) throw new Refused(words.logo_damaged);
      var marker = data[at + 1];
      var length = (data[at + 2] << 8) + data[at + 3];
      if (marker >= 0xc0 && marker <= 0xcf && [0xc4, 0xc8, 0xcc].indexOf(marker) < 0) {
        return { height: (data[at + 5] << 8) + data[at + 6], width: (data[at + 7] << 8) + data[at + 8] };
      }
      at += 2 + length;
    }
    throw new Refused(words.logo_damaged);
  }

  function withinPixels(size, rules) {
    if (!size.width || !size.height) throw new Refused(words.logo_damaged);
    if (size.width * size.height > rules.maxPixels || Math.max(size.width, size.height) > rules.maxSide) {
      throw new Refused(tooBig(rules));
    }
    return size;
  }

  function tooBig(rules) {
    return say(words.logo_size, {
      megabytes: rules.maxBytes / 1024 / 1024,
      pixels: (rules.maxPixels / 1e6).toLocaleString(document.documentElement.lang),
      side: rules.maxSide.toLocaleString(document.documentElement.lang),
    });
  }

  function base64(data) {
    var text = "";
    for (var at = 0; at < data.length; at += 0x8000) {
      text += String.fromCharCode.apply(null, data.subarray(at, at + 0x8000));
    }
    return btoa(text);
  }

  // A PNG wrapped in an SVG of its own size, as svg_pictures.raster_as_svg wraps it.
  function rasterAsSvg(data, kind, size) {
    var w = size.width, h = size.height;
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + w + " " + h + '" width="' + w +
      '" height="' + h + '"><image width="' + w + '" height="' + h + '" href="data:image/' + kind +
      ";base64," + base64(data) + '"/></svg>';
  }

  function checkedSvg(data, rules) {
    var text;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(data);
    } catch (error) {
      throw new Refused(words.logo_damaged);
    }
    var declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)/.exec(text);
    if (declared && ["utf-8", "utf8"].indexOf(declared[1].toLowerCase().replace("_", "-")) < 0) {
      throw new Refused(words.logo_damaged);
    }
    // What the batch's XML reader refuses as it reads: entity declarations and style sheets.
    var uncommented = text.replace(/<!--[\s\S]*?-->/g, "");
    if (/<!DOCTYPE[^>]*\[|<!ENTITY|<\?xml-stylesheet/i.test(uncommented)) {
      throw new Refused(words.logo_unsafe);
    }
    var svg = new DOMParser().parseFromString(text, "image/svg+xml");
    if (svg.getElementsByTagName("parsererror").length) throw new Refused(words.logo_damaged);
    var root = svg.documentElement;
    var namespace = root.namespaceURI;
    if (root.localName !== "svg" || (namespace && namespace !== "http://www.w3.org/2000/svg")) {
      throw new Refused(words.logo_damaged);
    }
    var inner = new RegExp("^(?:" + rules.innerPicture + ")$", "is");
    var outside = new RegExp(rules.outsideUrl, "i");
    var count = 0;
    var pixels = 0;
    var drawn = "";
    var walk = [[root, 1, false]];
    while (walk.length) {
      var next = walk.pop();
      var node = next[0], depth = next[1], inStyle = next[2];
      if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
        if (inStyle) {
          if (outside.test(node.data)) throw new Refused(words.logo_unsafe);
        } else if (node.data.trim()) {
          drawn += node.data;
          if (drawn.length > rules.maxText) throw new Refused(words.logo_complex);
        }
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      count += 1;
      if (depth > rules.maxDepth || count > rules.maxElements) throw new Refused(words.logo_complex);
      if (rules.refusedElements.indexOf(node.localName) >= 0) throw new Refused(words.logo_unsafe);
      for (var a = 0; a < node.attributes.length; a += 1) {
        var attribute = node.attributes[a];
        var name = attribute.localName;
        var value = attribute.value.trim();
        if (name.toLowerCase().indexOf("on") === 0) throw new Refused(words.logo_unsafe);
        if (name === "style" && outside.test(value)) throw new Refused(words.logo_unsafe);
        if (rules.linkingAttributes.indexOf(name) >= 0 && value && value[0] !== "#") {
          var picture = inner.exec(value);
          if (!picture) throw new Refused(words.logo_unsafe);
          var bytesInside;
          var encoded = picture[2].replace(/\s+/g, "");
          // Strict, as the batch decodes it: whole groups of four, padded.
          if (encoded.length % 4 || !/^[A-Za-z0-9+\/]*={0,2}$/.test(encoded)) {
            throw new Refused(words.logo_damaged);
          }
          try {
            bytesInside = Uint8Array.from(atob(encoded), function (c) { return c.charCodeAt(0); });
          } catch (error) {
            throw new Refused(words.logo_damaged);
          }
          var size = withinPixels(picture[1].toLowerCase() === "png" ? pngSize(bytesInside)
            : jpegSize(bytesInside), rules);
          pixels += size.width * size.height;
          if (pixels > rules.maxPixels) throw new Refused(tooBig(rules));
        }
      }
      var style = inStyle || node.localName === "style";
      for (var child = node.lastChild; child; child = child.previousSibling) {
        walk.push([child, depth + 1, style]);
      }
    }
    if (unprintable(drawn).length) throw new Refused(words.logo_text);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  // The logo as the SVG text the handouts print, or a Refused saying why not.
  function checkedLogo(name, data, rules) {
    if (data.length > rules.maxBytes) throw new Refused(tooBig(rules));
    var suffix = name.toLowerCase().split(".").pop();
    if (isPng(data)) {
      if (suffix !== "png") throw new Refused(words.logo_kind);
      return rasterAsSvg(data, "png", withinPixels(pngSize(data), rules));
    }
    if (suffix === "svg") return checkedSvg(data, rules);
    throw new Refused(words.logo_kind);
  }

  // --- What the handouts' typeface can print ---------------------------------------------------

  var printable = null; // [first, last] code points, from the kit

  function unprintable(text) {
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

  function dayGrid(grid, timings, words) {
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

  function timingWords(timings, words) {
    var printed = {};
    if (timings.hard_exercise_hours != null) {
      printed.exercise = say(words.exercise_clinic, { hours: timings.hard_exercise_hours });
    }
    if (timings.call_if_red_on_day != null) {
      var day = timings.call_if_red_on_day;
      printed.redness = day === 2 ? words.redness_clinic_one : say(words.redness_clinic, { day: day });
    }
    if (timings.spf != null) printed.spf = say(words.spf_clinic, { spf: timings.spf });
    return printed;
  }

  form.printData = { dayGrid: dayGrid, timingWords: timingWords }; // for the browser tests

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

  // The renderer draws the first page of each handout made, for the clinic to look at before
  // it prints (it needs no fonts: the compiler's vector format carries the glyphs' shapes).
  function loadRenderer() {
    var folder = form.dataset.compiler;
    return import(address(folder + "typst_ts_renderer.js")).then(function (module) {
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
        return Promise.all([json(kit + print.job), bytes(kit + print.articles)])
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

  // A link to save a file made here (it lives in this browser only).
  function offer(fileName, text, blob, preview) {
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

  function slug(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")
      || "clinic";
  }

  function make(given) {
    var kit = kits[given.language];
    return json(kit + "index.json").then(function (index) {
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
        return Promise.all([fetched(kit + index.template).then(function (r) { return r.text(); }),
          json(kit + "rules.json")])
          .then(function (both) {
            var template = both[0], grid = both[1];
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
              return chosen.length;
            });
          });
      });
    });
  }

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

  function clinicFile(given) {
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

  form.querySelector("[data-save]").addEventListener("click", function () {
    Promise.all([rules(), logoRead]).then(function () {
      var wrong = checked(schema);
      // The file names its logo: a name the batch could not read back is refused here.
      var file = form.elements.logo.files[0];
      var plain = { "x-plain-text": schema.properties.name["x-plain-text"] };
      if (file && !logo.problem && problemWith("logo", file.name, plain, false)) {
        wrong = wrong.concat(show(form.elements.logo, words.logo_name));
      }
      if (wrong.length) {
        status.textContent = words.fix;
        wrong[0].focus();
        return;
      }
      var given = values();
      offer(slug(given.name) + ".yml", words.save_file,
        new Blob([clinicFile(given)], { type: "application/yaml" }));
      status.textContent = words.saved;
    });
  });

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

  form.elements.clinic_file.addEventListener("change", function () {
    var file = form.elements.clinic_file.files[0];
    var place = document.getElementById("clinic-clinic_file-problem");
    if (!file) return;
    rules().then(function () {
      if (file.size > schema["x-max-file-bytes"]) throw new Refused(words.file_too_big);
      return Promise.all([
        import(address(form.dataset.compiler + "js-yaml.js")),
        file.text(),
      ]);
    }).then(function (both) {
      var settings;
      try {
        settings = both[0].load(both[1], { schema: both[0].JSON_SCHEMA });
      } catch (error) {
        throw new Refused(words.file_unreadable);
      }
      if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
        throw new Refused(words.file_unreadable);
      }
      var wrong = wrongKey(settings);
      if (wrong) throw new Refused(say(words.file_wrong, { key: wrong }));
      show(form.elements.clinic_file, "");
      status.textContent = fillFrom(settings);
      form.dataset.loaded = file.name;
    }).catch(function (error) {
      place.textContent = error instanceof Refused ? error.message : words.unavailable;
      form.elements.clinic_file.setAttribute("aria-invalid", "true");
    });
  });

  // The rules (a few KB: the schema and the typeface's characters), loaded when the clinic
  // first uses the form, not with the page.
  var schema = null;
  var here = kits[document.documentElement.lang] || kits[Object.keys(kits)[0]];
  var rulesRead = null;
  function rules() {
    if (!rulesRead) {
      rulesRead = Promise.all([json(here + "clinic.schema.json"), json(here + "printable.json")])
        .then(function (both) { schema = both[0]; printable = both[1]; });
      rulesRead.catch(function () {}); // said when the clinic asks for handouts (see below)
    }
    return rulesRead;
  }
  form.addEventListener("focusin", rules);
  var logoRead = Promise.resolve();
  form.elements.logo.addEventListener("change", function () {
    logoRead = rules().then(logoChosen);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    madeLinks.forEach(function (url) { URL.revokeObjectURL(url); });
    madeLinks = [];
    files.textContent = "";
    var given = values();
    button.disabled = true;
    Promise.all([rules(), logoRead]).then(function () {
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
      if (error instanceof Refused) { // the logo, found wanting when printed on its own
        status.textContent = words.fix;
        show(form.elements.logo, error.message);
        form.elements.logo.focus();
        return;
      }
      var offline = location.protocol === "file:" || /Failed to fetch|import/i.test(String(error));
      status.textContent = offline ? words.unavailable : say(words.failed, { problem: error.message });
    }).then(function () {
      button.disabled = false;
    });
  });
})();
