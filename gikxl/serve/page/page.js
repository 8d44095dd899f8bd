// The page of gikxl serve: 校验, 生成报告 and 审核 over the service's own API.
// No framework and nothing from outside: the page must work offline under a CSP that allows
// only this script. Every text from a file is put in with textContent, never as HTML.
"use strict";

(function () {
  const TOKEN = new URLSearchParams(location.search).get("token");
  const LEVELS = { error: "错误", warning: "警告", info: "提示" };
  const state = { file: null, previous: null, audit: [], poster: null };
  const DOWNLOADS = ["download-docx", "download-html", "download-png"];

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function withToken(url) {
    return TOKEN ? url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(TOKEN) : url;
  }

  // Requests ------------------------------------------------------------------------------

  // XMLHttpRequest rather than fetch: it reports the upload's progress.
  function send(url, form, progress, responseType) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.responseType = responseType || "json";
      if (TOKEN) xhr.setRequestHeader("X-Gikxl-Token", TOKEN);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) progress.show(Math.round((e.loaded / e.total) * 100), "正在上传…");
      };
      xhr.upload.onload = () => progress.show(null, progress.working);
      xhr.onload = () => resolve({ status: xhr.status, body: xhr.response, xhr: xhr });
      xhr.onerror = () => resolve({ status: 0, body: null, xhr: xhr });
      xhr.send(form);
    });
  }

  async function errorText(answer) {
    if (answer.status === 0) return "无法连接 gikxl 服务。请确认命令行窗口中的 gikxl serve 仍在运行，然后刷新本页。";
    let body = answer.body;
    if (body instanceof Blob) {
      try { body = JSON.parse(await body.text()); } catch (e) { body = null; }
    }
    return (body && body.error) || "处理失败（HTTP " + answer.status + "）。";
  }

  function progressOf(prefix, working) {
    const box = $(prefix), bar = $(prefix + "-bar"), text = $(prefix + "-text");
    return {
      working: working,
      show(percent, words) {
        box.hidden = false;
        if (percent === null) bar.removeAttribute("value"); else bar.value = percent;
        text.textContent = words;
      },
      hide() { box.hidden = true; },
    };
  }

  function notice(id, text, kind) {
    const box = $(id);
    box.hidden = !text;
    box.className = "notice" + (kind ? " notice-" + kind : "");
    box.textContent = text || "";
  }

  // Picking files --------------------------------------------------------------------------

  function dropZone(zone, input, take) {
    input.addEventListener("change", () => take(Array.from(input.files)));
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      take(Array.from(e.dataTransfer.files));
    });
  }

  function takeFile(files) {
    if (!files.length) return;
    state.file = files[0];
    $("file-name").textContent = state.file.name;
    $("drop").classList.add("chosen");
    $("run-check").disabled = false;
    $("clear").disabled = false;
    runCheck();
  }

  function takePrevious(files) {
    if (!files.length) return;
    state.previous = files[0];
    $("previous-name").textContent = state.previous.name;
    $("drop-previous").classList.add("chosen");
    if (state.file) runCheck();
  }

  function clear() {
    state.file = null;
    state.previous = null;
    for (const id of ["file", "previous"]) $(id).value = "";
    $("file-name").textContent = "拖入文件，或点击选择";
    $("previous-name").textContent = "用于核对上年结转、现行有效件数和正文是否照抄";
    for (const id of ["drop", "drop-previous"]) $(id).classList.remove("chosen");
    for (const id of ["run-check", "clear", ...DOWNLOADS]) $(id).disabled = true;
    hidePoster();
    $("findings").replaceChildren();
    $("summary").hidden = true;
    $("force").hidden = true;
    notice("notice", "");
  }

  // 校验 ----------------------------------------------------------------------------------

  async function runCheck() {
    if (!state.file) return;
    const form = new FormData();
    form.append("file", state.file);
    if (state.previous) form.append("previous", state.previous);
    const progress = progressOf("progress-check", "正在校验…");
    $("run-check").disabled = true;
    $("force").hidden = true;
    hidePoster();
    notice("notice", "");
    progress.show(0, "正在上传…");
    const answer = await send("/api/check", form, progress);
    progress.hide();
    $("run-check").disabled = false;
    if (answer.status !== 200) {
      $("findings").replaceChildren();
      $("summary").hidden = true;
      for (const id of DOWNLOADS) $(id).disabled = true;
      notice("notice", await errorText(answer), "error");
      return;
    }
    showFindings(answer.body);
    for (const id of DOWNLOADS) $(id).disabled = false;
  }

  function summaryOf(findings) {
    const count = (s) => findings.filter((f) => f.severity === s).length;
    let text = "共发现 " + count("error") + " 个错误、" + count("warning") + " 个警告";
    if (count("info")) text += "、" + count("info") + " 条提示";
    return text;
  }

  function shown(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean") return value ? "是" : "否";
    return String(value);
  }

  // Findings grouped by sheet, in the order the service gives them (errors first).
  function showFindings(findings) {
    const box = $("findings");
    box.replaceChildren();
    const summary = $("summary");
    summary.hidden = false;
    summary.className = "summary " + (findings.some((f) => f.severity === "error") ? "bad" : "good");
    summary.textContent = findings.length
      ? "“" + state.file.name + "”：" + summaryOf(findings) + "。"
      : "“" + state.file.name + "”：没有发现问题，可以生成报告。";
    const groups = new Map();
    for (const f of findings) {
      const sheet = f.sheet || "整个工作簿";
      if (!groups.has(sheet)) groups.set(sheet, []);
      groups.get(sheet).push(f);
    }
    for (const [sheet, items] of groups) {
      const section = el("section", "sheet");
      section.append(el("h2", null, sheet + "（" + items.length + "）"));
      const table = el("table", "findings");
      const head = el("tr");
      for (const title of ["级别", "位置", "问题说明", "应为", "代码"]) head.append(el("th", null, title));
      const thead = el("thead");
      thead.append(head);
      table.append(thead);
      const body = el("tbody");
      for (const f of items) {
        const row = el("tr", "finding " + f.severity);
        row.append(el("td", "level", LEVELS[f.severity] || f.severity), el("td", "cell", f.cell || "—"),
          el("td", "message", f.message), el("td", "expected", shown(f.expected)), el("td", "code", f.code));
        body.append(row);
      }
      table.append(body);
      section.append(table);
      box.append(section);
    }
  }

  // 生成报告 --------------------------------------------------------------------------------

  function fileNameOf(xhr, fallback) {
    const header = xhr.getResponseHeader("Content-Disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  async function download(format, force) {
    if (!state.file) return;
    const form = new FormData();
    form.append("file", state.file);
    // Last year's file: the report is checked against it as the findings shown were, and the
    // poster gives each figure's change from it.
    if (state.previous) form.append("previous", state.previous);
    form.append("format", format);
    if (force) form.append("force", "1");
    const progress = progressOf("progress-check", "正在生成报告…");
    progress.show(0, "正在上传…");
    const answer = await send("/api/report", form, progress, "blob");
    progress.hide();
    if (answer.status === 422) {
      let body = null;
      try { body = JSON.parse(await answer.body.text()); } catch (e) { body = null; }
      if (body && body.findings) {
        $("force-text").textContent = body.error;
        $("force").hidden = false;
        $("force-yes").dataset.format = format;
        return;
      }
    }
    if (answer.status !== 200) {
      notice("notice", await errorText(answer), "error");
      return;
    }
    const name = fileNameOf(answer.xhr, "年度报告." + format);
    const link = el("a");
    link.href = URL.createObjectURL(answer.body);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    if (format === "png") showPoster(answer.body, name, force);
    notice("notice", "已生成“" + name + "”，请在浏览器的下载文件夹中查看。" +
      (force ? "报告中仍有错误，改正前请勿公开发布。" : ""), force ? "warning" : "ok");
  }

  // The poster's preview: the very PNG downloaded, through an object URL of its own (kept while shown).
  function showPoster(blob, name, force) {
    hidePoster();
    state.poster = URL.createObjectURL(blob);
    $("poster-image").src = state.poster;
    $("poster-caption").textContent = "预览：" + name + (force ? "（报告中仍有错误，改正前请勿公开发布）" : "");
    $("poster").hidden = false;
  }

  function hidePoster() {
    $("poster").hidden = true;
    $("poster-image").removeAttribute("src");
    if (state.poster) URL.revokeObjectURL(state.poster);
    state.poster = null;
  }

  // 审核 ------------------------------------------------------------------------------------

  function takeAudit(files) {
    state.audit = files;
    $("audit-names").textContent = files.length === 1 ? files[0].name : "已选择 " + files.length + " 个文件";
    $("drop-audit").classList.toggle("chosen", files.length > 0);
    $("run-audit").disabled = files.length === 0;
  }

  async function runAudit() {
    if (!state.audit.length) return;
    const form = new FormData();
    for (const f of state.audit) form.append("file", f);
    const progress = progressOf("progress-audit", "正在逐一校验各单位的年报，文件多时需要一些时间…");
    $("run-audit").disabled = true;
    $("audit-result").hidden = true;
    notice("audit-notice", "");
    progress.show(0, "正在上传…");
    const answer = await send("/api/audit", form, progress);
    progress.hide();
    $("run-audit").disabled = false;
    if (answer.status !== 200) {
      notice("audit-notice", await errorText(answer), "error");
      return;
    }
    const audit = answer.body;
    const counts = Object.entries(audit.counts).filter(([, n]) => n > 0).map(([s, n]) => s + " " + n);
    notice("audit-notice", "审核了 " + audit.units.filter((u) => u.file).length + " 个文件：" + counts.join("，") + "。", "ok");
    $("audit-dashboard").href = withToken(audit.outputs.html);
    $("audit-xlsx").href = withToken(audit.outputs.xlsx);
    // The county's poster: there is none when no unit could be counted in any sum.
    $("audit-png").hidden = !audit.outputs.png;
    if (audit.outputs.png) $("audit-png").href = withToken(audit.outputs.png);
    const rows = $("audit-units");
    rows.replaceChildren();
    for (const unit of audit.units) {
      const row = el("tr");
      row.append(el("td", null, unit.file || "（未提交）"), el("td", null, unit.org || ""),
        el("td", "status", unit.status), el("td", "count", unit.errors), el("td", "count", unit.warnings));
      rows.append(row);
    }
    $("audit-result").hidden = false;
  }

  // Tabs and start -------------------------------------------------------------------------

  function showTab(which) {
    for (const name of ["check", "audit"]) {
      $("tab-" + name).setAttribute("aria-selected", String(name === which));
      $("panel-" + name).hidden = name !== which;
    }
  }

  async function version() {
    try {
      const answer = await fetch("/api/health", { headers: TOKEN ? { "X-Gikxl-Token": TOKEN } : {} });
      if (answer.ok) $("version").textContent = (await answer.json()).gikxl;
    } catch (e) {
      notice("notice", "无法连接 gikxl 服务。请确认命令行窗口中的 gikxl serve 仍在运行，然后刷新本页。", "error");
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    dropZone($("drop"), $("file"), takeFile);
    dropZone($("drop-previous"), $("previous"), takePrevious);
    dropZone($("drop-audit"), $("audit-files"), takeAudit);
    $("run-check").addEventListener("click", runCheck);
    $("download-docx").addEventListener("click", () => download("docx", false));
    $("download-html").addEventListener("click", () => download("html", false));
    $("download-png").addEventListener("click", () => download("png", false));
    $("force-yes").addEventListener("click", () => {
      $("force").hidden = true;
      download($("force-yes").dataset.format || "docx", true);
    });
    $("clear").addEventListener("click", clear);
    $("run-audit").addEventListener("click", runAudit);
    $("tab-check").addEventListener("click", () => showTab("check"));
    $("tab-audit").addEventListener("click", () => showTab("audit"));
    // A file dropped beside a zone must not make the browser open it in place of the page.
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    version();
  });
})();
