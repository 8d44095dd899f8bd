// One click of gikxl's WPS add-in on a stand-in workbook, against the real running gikxl serve.
//
// node click.js <workbook.json> <button id> <out.json> <settings.json>
// settings: {url, key, confirm (true/false), picked (a path for GetOpenFilename), origin}
// The requests carry the Origin a page opened from a file sends ("null"), as WPS's do.
"use strict";
const fs = require("fs");
const path = require("path");
const { Application, Workbook } = require("./et_standin.js");
const addin = require(path.join(process.argv[6] || path.join(__dirname, "..", "..", "gikxl", "wps"), "main.js"));

async function main() {
  const [bookFile, button, outFile, settingsFile] = process.argv.slice(2);
  const settings = JSON.parse(fs.readFileSync(settingsFile, "utf8"));
  const book = new Workbook(JSON.parse(fs.readFileSync(bookFile, "utf8")));
  const said = [], asked = [], sent = [];
  const env = {
    Application: new Application(book, settings.picked),
    fetch: (url, init) => {
      sent.push({ url: url, headers: init.headers });
      const headers = Object.assign({}, init.headers, settings.origin === undefined ? { Origin: "null" } : settings.origin ? { Origin: settings.origin } : {});
      return fetch(url, Object.assign({}, init, { headers: headers }));
    },
    alert: (text) => said.push(text),
    confirm: (text) => { asked.push(text); return !!settings.confirm; },
    config: { url: settings.url, key: settings.key }
  };
  const answer = await addin.create(env).onAction({ Id: button });
  fs.writeFileSync(outFile, JSON.stringify({
    book: book.dump(), alerts: said, confirms: asked, status: answer ? answer.status : null, sent: sent.length
  }));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(3); });
