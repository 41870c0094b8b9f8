// The clinic page's logo check, loaded when a logo is first chosen: the batch's rules (the
// schema's x-logo-rules), read by the same limits; clinic_files/logos.py says why each is there.
import { Refused, base64, say, unprintable, words } from "./clinic-handouts.js";

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
export function checkedLogo(name, data, rules) {
  if (data.length > rules.maxBytes) throw new Refused(tooBig(rules));
  var suffix = name.toLowerCase().split(".").pop();
  if (isPng(data)) {
    if (suffix !== "png") throw new Refused(words.logo_kind);
    return rasterAsSvg(data, "png", withinPixels(pngSize(data), rules));
  }
  if (suffix === "svg") return checkedSvg(data, rules);
  throw new Refused(words.logo_kind);
}
