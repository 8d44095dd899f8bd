// gikxl's WPS 表格 add-in: 校验, 生成报告 and 从上年报告导入 on the open workbook, through gikxl serve.
//
// WPS for Linux has no VBA and xlwings does not drive WPS, so the buttons read the workbook
// through WPS's ET JS API (the object model of Excel's: Application.ActiveWorkbook.Names,
// Name.RefersToRange.Value2, Range.Interior.Color, Worksheets.Add), post what they read to the
// local service and apply its answer. The service decides everything (the same reader, checks
// and cell marks as the Excel buttons); this file only reads and writes cells. It writes only:
// the fills of cells with findings (and puts back the fills of cells fixed since), the
// 校验结果 sheet, the hidden gikxl_marks sheet, and, for 从上年报告导入, the cells the service
// names (table 三's 上年结转 and the reference beside table 二). Never a cell the clerk typed.
//
// The same file runs in Node for the tests: there `module.exports` gives create(env), and the
// environment (Application, fetch, alert, confirm, config) is a stand-in of the ET object model.
"use strict";

(function (root) {
  var TITLE = "政务公开年报";
  var NO_FILL = -4142; // xlColorIndexNone / xlNone
  var HIDDEN = 0; // xlSheetHidden
  var FILTER = "年报文件 (*.xlsm;*.xlsx;*.docx;*.pdf;*.html;*.htm;*.txt),*.xlsm;*.xlsx;*.docx;*.pdf;*.html;*.htm;*.txt";
  // Error values as ET's Value2 gives them (the COM error codes, as in Excel), sent as their text.
  var ERRORS = {
    "-2146826281": "#DIV/0!", "-2146826246": "#N/A", "-2146826259": "#NAME?", "-2146826288": "#NULL!",
    "-2146826252": "#NUM!", "-2146826265": "#REF!", "-2146826273": "#VALUE!"
  };

  function notRunning(url) {
    return "没有连接上本机的 gikxl 服务（" + url + "），“" + TITLE + "”的按钮暂时不能使用。\n\n" +
      "请这样启动它：\n" +
      "  · 在开始菜单（或桌面）打开“年报校验”；或\n" +
      "  · 在终端（命令提示符）中运行：gikxl serve\n\n" +
      "启动后再点一次按钮即可。每次登录时服务会自动启动；如仍连接不上，请运行 gikxl doctor 检查，" +
      "或联系本单位信息化工作人员。";
  }

  // Colours: the service says #RRGGBB, ET's Interior.Color wants a BGR number (as Excel's does).
  function bgr(hex) {
    var text = String(hex).replace("#", "");
    var r = parseInt(text.slice(0, 2), 16), g = parseInt(text.slice(2, 4), 16), b = parseInt(text.slice(4, 6), 16);
    return r + g * 256 + b * 65536;
  }

  function columnLetter(n) {
    var s = "";
    while (n > 0) {
      var m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  function rows2d(value) {
    if (Array.isArray(value)) return value.map(function (row) { return Array.isArray(row) ? row : [row]; });
    return [[value]];
  }

  function cellValue(v) {
    if (v === undefined || v === "") return null;
    if (typeof v === "number" && ERRORS[String(v)]) return ERRORS[String(v)];
    return v;
  }

  function call(fnOrValue, self) {
    return typeof fnOrValue === "function" ? fnOrValue.call(self) : fnOrValue;
  }

  function create(env) {
    var app = env.Application;
    var config = env.config || {};
    var url = (config.url || "http://127.0.0.1:8765").replace(/\/$/, "");

    function sheetNamed(book, name) {
      var sheets = book.Worksheets;
      for (var i = 1; i <= sheets.Count; i++) {
        var sheet = sheets.Item(i);
        if (sheet.Name === name) return sheet;
      }
      return null;
    }

    // Reading ------------------------------------------------------------------------------

    // Every workbook-scoped gik_* name as the ET API gives it; the clerk's own names stay unread.
    function readNames(book) {
      var out = [];
      var names = book.Names;
      for (var i = 1; i <= names.Count; i++) {
        var name = names.Item(i);
        var text = String(name.Name);
        if (text.indexOf("!") >= 0 || text.toLowerCase().indexOf("gik_") !== 0) continue;
        var item = { name: text, refersTo: String(name.RefersTo || "") };
        var range = null;
        try { range = name.RefersToRange; } catch (e) { range = null; } // a constant, or #REF!
        if (range) {
          item.sheet = range.Worksheet.Name;
          item.address = call(range.Address, range);
          item.value2 = rows2d(range.Value2).map(function (row) { return row.map(cellValue); });
          try { item.formula = rows2d(range.Formula); } catch (e) { item.formula = null; }
        }
        out.push(item);
      }
      return out;
    }

    function readMarks(book, sheetName) {
      var sheet = sheetNamed(book, sheetName);
      return sheet ? rows2d(sheet.UsedRange.Value2).map(function (row) { return row.map(cellValue); }) : null;
    }

    function body(book) {
      return { name: book.Name, fullName: book.FullName, names: readNames(book), marks: readMarks(book, "gikxl_marks") };
    }

    // The service ---------------------------------------------------------------------------

    async function post(path, data) {
      var answer;
      try {
        answer = await env.fetch(url + path, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Gikxl-Addin": config.key || "" },
          body: JSON.stringify(data)
        });
      } catch (e) {
        return { ok: false, status: 0, data: { error: notRunning(url) } };
      }
      var parsed = null;
      try { parsed = await answer.json(); } catch (e) { parsed = null; }
      if (!parsed) parsed = { error: "gikxl 服务的答复无法读取（HTTP " + answer.status + "）。请运行 gikxl doctor 检查。" };
      return { ok: answer.ok, status: answer.status, data: parsed };
    }

    // Writing ---------------------------------------------------------------------------------

    function setFill(book, sheetName, cell, colour) {
      var sheet = sheetNamed(book, sheetName);
      if (!sheet) return false;
      try {
        var interior = sheet.Range(cell).Interior;
        if (colour === null || colour === undefined) interior.ColorIndex = NO_FILL;
        else interior.Color = bgr(colour);
        return true;
      } catch (e) {
        return false; // a sheet protected against formatting: 校验结果 still lists the finding
      }
    }

    function sheetFor(book, name, hidden) {
      var sheet = sheetNamed(book, name);
      if (sheet) {
        sheet.Cells.Clear();
        return sheet;
      }
      var sheets = book.Worksheets;
      sheet = sheets.Add(null, sheets.Item(sheets.Count));
      sheet.Name = name;
      if (hidden) sheet.Visible = HIDDEN;
      return sheet;
    }

    function area(first, rows, cols) {
      return "A" + first + ":" + columnLetter(cols) + (first + rows - 1);
    }

    function writeResults(book, results) {
      var sheet = sheetFor(book, results.sheet, false);
      var values = results.values;
      var cols = values[0].length;
      sheet.Range(area(1, values.length, cols)).Value2 = values;
      sheet.Range("A1").Font.Bold = true;
      var header = sheet.Range("A" + results.headerRow + ":" + columnLetter(cols) + results.headerRow);
      header.Font.Bold = true;
      header.Interior.Color = bgr("#D9E1F2");
      var first = results.firstRow;
      for (var i = 0; i < results.links.length; i++) {
        sheet.Range("B" + (first + i)).Formula = results.links[i];
        sheet.Range("A" + (first + i)).Interior.Color = bgr(results.levelColours[i]);
        sheet.Range("C" + (first + i)).WrapText = true;
      }
      for (var j = 0; j < results.widths.length; j++) sheet.Range(columnLetter(j + 1) + "1").ColumnWidth = results.widths[j];
      return sheet;
    }

    function writeMarks(book, marks, coloured) {
      if (!sheetNamed(book, marks.sheet) && !coloured) return;
      var sheet = sheetFor(book, marks.sheet, true);
      sheet.Range(area(1, marks.values.length, marks.values[0].length)).Value2 = marks.values;
    }

    function writeValue(book, item) {
      var sheet = sheetNamed(book, item.sheet);
      if (!sheet) return false;
      try {
        sheet.Range(item.cell).Value2 = item.value;
        return true;
      } catch (e) {
        try { // the template protects its sheets without a password; put the protection back
          sheet.Unprotect();
          sheet.Range(item.cell).Value2 = item.value;
          sheet.Protect(null, true, true, false, false, true, true, true);
          return true;
        } catch (e2) {
          return false;
        }
      }
    }

    function say(text) { env.alert(text); }

    // The buttons -------------------------------------------------------------------------------

    function activeBook() {
      var book = app.ActiveWorkbook;
      if (!book) say("请先打开要处理的年报工作簿。");
      return book || null;
    }

    async function validate() {
      var book = activeBook();
      if (!book) return null;
      var answer = await post("/api/book/check", body(book));
      if (!answer.ok) { say(answer.data.error); return answer; }
      var plan = answer.data;
      var unpainted = 0;
      plan.restore.forEach(function (c) { setFill(book, c.sheet, c.cell, c.color); });
      plan.paint.forEach(function (c) { if (!setFill(book, c.sheet, c.cell, c.color)) unpainted++; });
      var results = writeResults(book, plan.results);
      writeMarks(book, plan.marks, plan.paint.length > 0);
      if (plan.findings.length) results.Activate();
      var text = plan.message;
      if (unpainted) text += "\n\n有 " + unpainted + " 个单元格无法着色（工作表可能设置了密码保护），请以“校验结果”工作表为准。";
      say(text);
      return answer;
    }

    async function generateReport() {
      var book = activeBook();
      if (!book) return null;
      var data = body(book);
      var answer = await post("/api/book/report", data);
      if (answer.status === 422 && answer.data.confirm) {
        if (!env.confirm(answer.data.message)) return answer;
        data.force = true;
        answer = await post("/api/book/report", data);
      }
      say(answer.ok ? answer.data.message : answer.data.error);
      return answer;
    }

    async function importPrevious() {
      var book = activeBook();
      if (!book) return null;
      var path = app.GetOpenFilename(FILTER, 1, "选择上一年度的年报（工作簿或已发布的报告）");
      if (!path) return null; // the clerk cancelled
      var data = body(book);
      data.previousPath = String(path);
      var answer = await post("/api/book/previous", data);
      if (!answer.ok) { say(answer.data.error); return answer; }
      var failed = answer.data.values.filter(function (item) { return !writeValue(book, item); }).length;
      say(answer.data.message + (failed ? "\n\n有 " + failed + " 个单元格无法写入（工作表设置了密码保护），请手工填写。" : ""));
      return answer;
    }

    var actions = { gikValidate: validate, gikGenerateReport: generateReport, gikImportPrevious: importPrevious };

    async function onAction(control) {
      var id = control && control.Id !== undefined ? control.Id : control;
      var action = actions[id];
      if (!action) return null;
      try {
        return await action();
      } catch (e) {
        say("操作未完成：" + (e && e.message ? e.message : String(e)) + "\n\n您填写的数据没有被改动。" +
          "请把这段文字发给本单位信息化工作人员。");
        return null;
      }
    }

    return { validate: validate, generateReport: generateReport, importPrevious: importPrevious,
      onAction: onAction, body: body, bgr: bgr };
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { create: create, bgr: bgr, TITLE: TITLE };
  } else {
    // In WPS: the ribbon's callbacks (ribbon.xml names ribbon.OnAddinLoad and ribbon.OnAction).
    var addin = null;
    var env = function () {
      return { Application: root.Application || (root.wps && root.wps.EtApplication && root.wps.EtApplication()),
        fetch: root.fetch.bind(root), alert: root.alert.bind(root), confirm: root.confirm.bind(root),
        config: root.GIKXL_CONFIG || {} };
    };
    root.ribbon = {
      OnAddinLoad: function () {
        addin = create(env());
        return true;
      },
      OnAction: function (control) {
        if (!addin) addin = create(env());
        addin.onAction(control);
        return true;
      }
    };
  }
})(this);
