// Search on demand. Material asks for the search index and starts its search worker on every
// page view; most patients never search, and on a phone that is the larger part of what a page
// loads. So both wait until search is first wanted: the search box tapped, clicked or reached
// with the keyboard ("/" and "s" open it too), or an address that asks for it (?q= to search,
// ?h= to mark the words a search result was found by). Material's own code is not changed: the
// index request is held back, and the worker is made at its first message (Material sends the
// first once the index has come). From disk (file://) nothing is held back: nothing is downloaded.
// And a query that arrives whole, with no key pressed (pasted, dictated, a phone keyboard's
// suggestion), is searched too: Material searches when a key comes up, so its box is told one did.
document.addEventListener("input", function (event) {
  "use strict"
  var box = event.target
  if (box instanceof HTMLInputElement && box.closest("form[name=search]")) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
}, true);

(function () {
  "use strict"
  if (!/^https?:$/.test(location.protocol)) return

  var wanted = false
  var release
  var whenWanted = new Promise(function (resolve) { release = resolve })
  function want() {
    if (!wanted) {
      wanted = true
      release()
    }
  }

  var address = new URLSearchParams(location.search)
  if (address.has("q") || address.has("h")) want()
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest("form[name=search]")) want()
  }, true)
  document.addEventListener("change", function (event) {
    var toggle = event.target
    if (toggle instanceof HTMLInputElement && toggle.dataset.mdToggle === "search" && toggle.checked) want()
  }, true)

  // The index: Material asks for search/search_index.json with XMLHttpRequest.
  var held = new WeakSet()
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    if (/\/search\/search_index\.json$/.test(new URL(String(url), location.href).pathname)) held.add(this)
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    if (wanted || !held.has(this)) return send.apply(this, arguments)
    var request = this
    var body = arguments
    whenWanted.then(function () { send.apply(request, body) })
  }

  // The worker: made when Material first talks to it; until then, nothing is loaded.
  var RealWorker = window.Worker
  if (!RealWorker) return
  class WorkerOnDemand extends EventTarget {
    constructor(url, options) {
      super()
      this.url = url
      this.options = options
      this.worker = null
    }
    postMessage(message, transfer) {
      if (this.worker === null) {
        this.worker = new RealWorker(this.url, this.options)
        for (const kind of ["message", "messageerror", "error"]) {
          this.worker.addEventListener(kind, (event) => {
            const copy = kind === "error"
              ? new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno })
              : new MessageEvent(kind, { data: event.data })
            this.dispatchEvent(copy)
          })
        }
      }
      this.worker.postMessage(message, transfer)
    }
    terminate() {
      if (this.worker !== null) this.worker.terminate()
    }
  }
  window.Worker = function (url, options) {
    return /\/workers\/(patient-)?search[.]/.test(new URL(String(url), location.href).pathname)
      ? new WorkerOnDemand(url, options)
      : new RealWorker(url, options)
  }
})()
