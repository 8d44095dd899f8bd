// A stand-in of WPS 表格's ET object model, as far as gikxl's add-in uses it, written from
// WPS's documented API (the object model of Excel's): Application.ActiveWorkbook, Workbook.Name /
// FullName / Names / Worksheets, Names.Count / Item(i), Name.Name / RefersTo / RefersToRange,
// Worksheets.Count / Item / Add(Before, After), Worksheet.Name / Visible / Range / Cells /
// UsedRange / Activate / Protect / Unprotect, Range.Value2 / Formula / Address() / Worksheet /
// Interior.Color / Interior.ColorIndex / Font.Bold / WrapText / ColumnWidth / Clear().
//
// A workbook is built from JSON: {name, fullName, sheets: [{name, cells: {A1: {v, f, fill}}}],
// names: [{name, refersTo}]}; dump() gives the same form back, with what the add-in changed.
"use strict";

function colIndex(letters) {
  var n = 0;
  for (var i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function colLetters(n) {
  var s = "";
  while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

function parseArea(text) {
  var m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(text);
  if (!m) throw new Error("bad range " + text);
  var c1 = colIndex(m[1]), r1 = +m[2];
  return m[3] ? [r1, c1, +m[4], colIndex(m[3])] : [r1, c1, r1, c1];
}

function Range(sheet, r1, c1, r2, c2) {
  this._sheet = sheet; this._a = [r1, c1, r2, c2];
  var self = this;
  this.Interior = {
    get Color() { return self._one("fill"); },
    set Color(v) { self._each(function (c) { c.fill = v; }); },
    get ColorIndex() { return self._one("fill") === null ? -4142 : 1; },
    set ColorIndex(v) { if (v === -4142) self._each(function (c) { c.fill = null; }); }
  };
  this.Font = {
    get Bold() { return self._one("bold"); },
    set Bold(v) { self._each(function (c) { c.bold = v; }); }
  };
}

Range.prototype._cells = function (fn) {
  var a = this._a, out = [];
  for (var r = a[0]; r <= a[2]; r++) {
    var row = [];
    for (var c = a[1]; c <= a[3]; c++) row.push(fn(this._sheet._cell(r, c, true), r, c));
    out.push(row);
  }
  return out;
};
Range.prototype._each = function (fn) {
  this._sheet._touch();
  this._cells(fn);
};
Range.prototype._one = function (key) {
  var cell = this._sheet._cell(this._a[0], this._a[1], false);
  return cell && cell[key] !== undefined ? cell[key] : null;
};
Range.prototype._single = function () { return this._a[0] === this._a[2] && this._a[1] === this._a[3]; };
Range.prototype._set = function (value, key) {
  var a = this._a;
  this._sheet._touch();
  var grid = Array.isArray(value) ? value : null;
  this._cells(function (cell, r, c) {
    var v = grid ? (grid[r - a[0]] || [])[c - a[1]] : value;
    if (v === undefined) v = null;
    if (key === "f" && typeof v === "string" && v.charAt(0) === "=") { cell.f = v; cell.v = null; }
    else { cell.f = null; cell.v = v === "" ? null : v; }
  });
};

Object.defineProperty(Range.prototype, "Value2", {
  configurable: true,
  get: function () {
    var grid = this._cells(function (cell) { return cell.v === null || cell.v === undefined ? undefined : cell.v; });
    return this._single() ? grid[0][0] : grid;
  },
  set: function (v) { this._set(v, "v"); }
});
Object.defineProperty(Range.prototype, "Formula", {
  configurable: true,
  get: function () {
    var grid = this._cells(function (cell) { return cell.f || (cell.v === null || cell.v === undefined ? "" : String(cell.v)); });
    return this._single() ? grid[0][0] : grid;
  },
  set: function (v) { this._set(v, "f"); }
});
Object.defineProperty(Range.prototype, "Worksheet", { get: function () { return this._sheet; } });
Object.defineProperty(Range.prototype, "WrapText", {
  get: function () { return this._one("wrap"); }, set: function (v) { this._each(function (c) { c.wrap = v; }); }
});
Object.defineProperty(Range.prototype, "ColumnWidth", {
  get: function () { return this._sheet.widths[this._a[1]] || null; },
  set: function (v) { this._sheet.widths[this._a[1]] = v; }
});
Range.prototype.Address = function () {
  var a = this._a;
  var one = "$" + colLetters(a[1]) + "$" + a[0];
  return this._single() ? one : one + ":$" + colLetters(a[3]) + "$" + a[2];
};
Range.prototype.Clear = function () {
  var a = this._a, cells = this._sheet.cells;
  this._sheet._touch();
  Object.keys(cells).forEach(function (key) {
    var p = parseArea(key);
    if (p[0] >= a[0] && p[0] <= a[2] && p[1] >= a[1] && p[1] <= a[3]) delete cells[key];
  });
};

function Worksheet(book, data) {
  this._book = book;
  this._name = data.name;
  this.cells = {};
  this.widths = {};
  this.Visible = data.visible === undefined ? -1 : data.visible;
  this.protected = !!data.protected;
  this.touched = false;
  var self = this;
  Object.keys(data.cells || {}).forEach(function (key) {
    var c = data.cells[key];
    self.cells[key] = { v: c.v === undefined ? null : c.v, f: c.f || null, fill: c.fill === undefined ? null : c.fill,
      locked: c.locked !== false };
  });
}
Object.defineProperty(Worksheet.prototype, "Name", {
  get: function () { return this._name; },
  set: function (v) {
    if (this._book.Worksheets.Item(v, true)) throw new Error("a sheet is already called " + v);
    this._name = v;
  }
});
Worksheet.prototype._touch = function () { this.touched = true; };
Worksheet.prototype._cell = function (r, c, create) {
  var key = colLetters(c) + r;
  if (!this.cells[key] && create) this.cells[key] = { v: null, f: null, fill: null, locked: true };
  var cell = this.cells[key];
  if (create && this.protected && cell.locked && this._writing) throw new Error("the sheet is protected");
  return cell || null;
};
Worksheet.prototype.Range = function (text) {
  var a = parseArea(text);
  return new Range(this, a[0], a[1], a[2], a[3]);
};
Object.defineProperty(Worksheet.prototype, "Cells", {
  get: function () { return new Range(this, 1, 1, 1048576, 16384); }
});
Object.defineProperty(Worksheet.prototype, "UsedRange", {
  get: function () {
    var keys = Object.keys(this.cells).filter(function (k) { return this.cells[k].v !== null || this.cells[k].f; }, this);
    if (!keys.length) return new Range(this, 1, 1, 1, 1);
    var ps = keys.map(parseArea);
    var r2 = Math.max.apply(null, ps.map(function (p) { return p[0]; }));
    var c2 = Math.max.apply(null, ps.map(function (p) { return p[1]; }));
    var r1 = Math.min.apply(null, ps.map(function (p) { return p[0]; }));
    var c1 = Math.min.apply(null, ps.map(function (p) { return p[1]; }));
    return new Range(this, r1, c1, r2, c2);
  }
});
Worksheet.prototype.Activate = function () { this._book.active = this._name; };
Worksheet.prototype.Unprotect = function () { this.protected = false; };
Worksheet.prototype.Protect = function () { this.protected = true; };

// Writing a value into a locked cell of a protected sheet fails, as in WPS; fills may change
// (the template protects with formatting allowed).
["Value2", "Formula"].forEach(function (prop) {
  var d = Object.getOwnPropertyDescriptor(Range.prototype, prop);
  Object.defineProperty(Range.prototype, prop, {
    get: d.get,
    set: function (v) {
      this._sheet._writing = true;
      try { d.set.call(this, v); } finally { this._sheet._writing = false; }
    }
  });
});

function Workbook(data) {
  var self = this;
  this.Name = data.name;
  this.FullName = data.fullName;
  this.sheets = (data.sheets || []).map(function (s) { return new Worksheet(self, s); });
  this.active = this.sheets.length ? this.sheets[0].Name : null;
  this.names = data.names || [];
  this.Worksheets = {
    get Count() { return self.sheets.length; },
    Item: function (key, quiet) {
      var sheet = typeof key === "number" ? self.sheets[key - 1]
        : self.sheets.find(function (s) { return s.Name === key; });
      if (!sheet && !quiet) throw new Error("no sheet " + key);
      return sheet || null;
    },
    Add: function (before, after) {
      var n = 1;
      while (self.sheets.some(function (s) { return s.Name === "Sheet" + n; })) n++;
      var sheet = new Worksheet(self, { name: "Sheet" + n, cells: {} });
      var at = after ? self.sheets.indexOf(after) + 1 : before ? self.sheets.indexOf(before) : self.sheets.length;
      self.sheets.splice(at, 0, sheet);
      self.active = sheet.Name;
      return sheet;
    }
  };
  this.Names = {
    get Count() { return self.names.length; },
    Item: function (i) { return self._name(self.names[i - 1]); }
  };
}

Workbook.prototype._name = function (item) {
  var book = this;
  return {
    Name: item.name,
    RefersTo: item.refersTo,
    get RefersToRange() {
      var m = /^=(?:'((?:[^']|'')+)'|([^'!]+))!(.+)$/.exec(item.refersTo);
      if (!m) throw new Error("not a range");
      var sheet = book.Worksheets.Item((m[1] || m[2]).replace(/''/g, "'"));
      return sheet.Range(m[3]);
    }
  };
};

Workbook.prototype.dump = function () {
  return {
    name: this.Name, fullName: this.FullName, active: this.active, names: this.names,
    sheets: this.sheets.map(function (s) {
      return { name: s.Name, visible: s.Visible, protected: s.protected, cells: s.cells, widths: s.widths };
    })
  };
};

function Application(book, picked) {
  this.ActiveWorkbook = book;
  this._picked = picked;
}
Application.prototype.GetOpenFilename = function () { return this._picked || false; };

module.exports = { Application: Application, Workbook: Workbook };
