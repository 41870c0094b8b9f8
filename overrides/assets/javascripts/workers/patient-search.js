// The site's search worker: mkdocs-material's own (named in this script's address, ?material=),
// reading words the way patients type them. overrides/main.html points the pages here.
//  - Accents do not matter: "infeccion" finds "infección", "cirugía" finds "cirugia". Words are
//    folded both in the index (after Material's pipeline) and in the query.
//  - Small words ("de", "la", "it", "the") are dropped from a query that has other words: Material
//    searches each typed word as the start of a word, so "de" would match "después", "debe"...
//    The index keeps them (mkdocs.yml: pipeline: []), for a query of small words only.
//  - Each word is cut back to its stem in the page's language when the stem starts the word, so
//    "sesión" finds "sesiones" and "maquillarme" finds "maquillaje". A Spanish word's last "z"
//    goes too, as its plural spells it "c": "cicatriz" finds "cicatrices".
//  - A result that lacks a word names it as the patient typed it, not as the search read it.
// Material's worker runs a real Worker on a host and an <iframe> (iframe-worker) from disk; in the
// iframe, importScripts is asynchronous and resolves addresses against the page, not this file.
(function () {
  "use strict";
  var SETUP = 0; // mkdocs-material's search message types (integrations/search/worker/message)
  var QUERY = 2;
  var RESULT = 3;
  var SEARCH_SYNTAX = /["*:^~]|(^|\s)[+-]/; // a query written in lunr's syntax is left as typed
  var SHORTEST_STEM = 4; // shorter stems ("car" for "cara") match too many words
  var PLURAL_SPELLING = { es: /z$/ }; // the end of a word that its plural spells otherwise

  var script = self.document && self.document.currentScript;
  var here = new URL(script ? script.src : self.location.href);
  var material = new URL(here.searchParams.get("material"), here).href;

  var addListener = self.addEventListener.bind(self);
  var materialListener = null;
  var language = null; // the index's one language; none for a multilingual index
  var separator = /[\s-]+/;
  var typedAs = {}; // a query's word as the search reads it ("maquill") -> as typed ("maquillarme")

  // Material's worker answers messages through the listener it adds; this file hands it each
  // message itself, once its script has loaded, with the query rewritten.
  self.addEventListener = function (type, listener, options) {
    if (type === "message") materialListener = listener;
    else addListener(type, listener, options);
  };
  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message.type === RESULT) message.data.items.forEach(showTypedWords);
    post(message);
  };
  var loaded = Promise.resolve(importScripts(material)).then(foldIndexedWords);

  addListener("message", function (event) {
    var message = event.data;
    loaded.then(function () {
      if (message.type === SETUP) {
        var config = message.data.config;
        language = config.lang.length === 1 ? config.lang[0] : null;
        separator = new RegExp(config.separator);
      }
      if (message.type === QUERY) message = { type: QUERY, data: patientQuery(message.data) };
      materialListener({ data: message });
    });
  });

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function foldIndexedWords() {
    var run = self.lunr.Pipeline.prototype.run;
    self.lunr.Pipeline.prototype.run = function (tokens) {
      return run.call(this, tokens).map(function (token) {
        return token.update(fold);
      });
    };
  }

  // The query as the search reads it; only folded where the language has no stemmer here.
  function patientQuery(query) {
    var words = language === "en" ? self.lunr : self.lunr[language];
    if (!words || !words.stemmer || SEARCH_SYNTAX.test(query)) return fold(query);
    var typed = query.toLowerCase().split(separator).filter(Boolean);
    var meaningful = typed.filter(function (word) {
      return words.stopWordFilter(word);
    });
    return (meaningful.length ? meaningful : typed)
      .map(function (word) {
        var folded = fold(word);
        var stem = fold(words.stemmer(new self.lunr.Token(word)).toString());
        if (PLURAL_SPELLING[language]) stem = stem.replace(PLURAL_SPELLING[language], "");
        var read = stem.length >= SHORTEST_STEM && folded.indexOf(stem) === 0 ? stem : folded;
        typedAs[read] = word;
        return read;
      })
      .join(" ");
  }

  // Material lists a result's words, each marked found (true) or missing (false); it shows the
  // missing ones, so those go back to the patient's spelling.
  function showTypedWords(page) {
    page.forEach(function (result) {
      var terms = {};
      Object.keys(result.terms).forEach(function (term) {
        var found = result.terms[term];
        terms[found ? term : typedAs[term] || term] = found;
      });
      result.terms = terms;
    });
  }
})();
