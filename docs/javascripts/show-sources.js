// "Show sources" is remembered in this browser, on this device, from page to page. The switch
// works without this script; the script only keeps the choice.
(() => {
  const KEY = "patient-guide.show-sources";
  const read = () => {
    try {
      return localStorage.getItem(KEY) === "yes";
    } catch (error) {
      return false; // site data blocked: the switch still works on this page
    }
  };
  const keep = (shown) => {
    try {
      localStorage.setItem(KEY, shown ? "yes" : "no");
    } catch (error) {
      // site data blocked: nothing to keep
    }
  };
  const attach = () => {
    const box = document.getElementById("show-sources");
    if (!box || box.hidden) return; // none here, or a page that always shows them
    box.checked = read();
    box.addEventListener("change", () => keep(box.checked));
  };
  // Material loads pages without a full reload (instant navigation is off here, but be safe).
  if (typeof document$ !== "undefined") document$.subscribe(attach);
  else document.addEventListener("DOMContentLoaded", attach);
})();
