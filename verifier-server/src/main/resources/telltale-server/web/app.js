// Telltale verifier page: plain JavaScript, no build step. The token lives in sessionStorage (this tab only).
"use strict";
const $ = (id) => document.getElementById(id);
let role = null;
let jobTimer = null;

function token() { return sessionStorage.getItem("telltale-token") || ""; }

async function api(path, options = {}) {
  const headers = Object.assign({ "Authorization": "Bearer " + token() }, options.headers || {});
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try { const e = await res.json(); if (e.error) message = e.error.message; } catch (_) { /* not JSON */ }
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }
  return res;
}

function text(el, s) { el.textContent = s; return el; }
function make(tag, cls, s) { const e = document.createElement(tag); if (cls) e.className = cls; if (s !== undefined) e.textContent = s; return e; }

// A p-value from its log10, readable even far below 1e-308.
function formatP(log10p) {
  if (log10p > -4) return Number(Math.pow(10, log10p).toPrecision(3)).toString();
  let e = Math.floor(log10p), m = Math.pow(10, log10p - e);
  if (m >= 9.995) { m = 1; e += 1; }
  return m.toFixed(2) + "e" + e;
}
function oneIn(log10p) {
  const inv = -log10p;
  if (inv < 6) return "1 in " + Math.round(Math.pow(10, inv)).toLocaleString("en");
  const e = Math.floor(inv);
  return "1 in " + Math.pow(10, inv - e).toFixed(1) + "e" + e;
}
function explain(d) {
  const p = formatP(d.log10_p_value);
  if (d.verdict === "watermarked") {
    return "p = " + p + ": if this text had been written without the key, a score at least this high would occur by chance about "
      + oneIn(d.log10_p_value) + " times. That is below α = " + d.alpha + ", so the text carries the watermark.";
  }
  if (d.verdict === "too_short") {
    return "Only " + d.tokens_scored + " tokens could be scored; at least 16 are needed for a verdict.";
  }
  const how = d.log10_p_value > -2 ? "in about " + Math.round(100 * Math.pow(10, d.log10_p_value)) + "% of"
    : "about " + oneIn(d.log10_p_value) + " times for";
  return "p = " + p + ": a score at least this high occurs by chance " + how + " texts written without the key. "
    + "That is above α = " + d.alpha + ", so there is not enough evidence of the watermark (this does not prove the text is human-written).";
}

// The account a text was traced to (account keys; analysts), as the PDF says it.
function accountHeadline(t) {
  if (t.status === "attributed") return "Traced account: " + t.candidate;
  return t.status === "too_short" ? "Account: not traced (too short)" : "Account: none named";
}
function explainAccount(t) {
  const space = t.accounts.toLocaleString("en");
  const p = formatP(t.log10_p_value);
  if (t.status === "attributed") {
    return "p = " + p + ", corrected for all " + space + " accounts of the key: if this text had not been served to account "
      + t.candidate + " (written by a person, under another key, or served to any other account), a match this strong with "
      + "some account would occur by chance at most about " + oneIn(t.log10_p_value) + " times. That is below α = " + t.alpha
      + ", so the text names account " + t.candidate + " (" + t.method + ", " + t.tokens_scored + " scored tokens).";
  }
  if (t.status === "too_short") return "Only " + t.tokens_scored + " tokens could be scored; at least 16 are needed to trace an account.";
  return (t.candidate === null ? "No account matches." : "The best-matching account, " + t.candidate + ", has p = " + p
    + " after correcting for " + space + " accounts.") + " That is above α = " + t.alpha + ", so the text names no account. "
    + "This does not show that it was served to none: short or heavily edited texts lose the account signal first.";
}

async function signIn(ev) {
  ev.preventDefault();
  sessionStorage.setItem("telltale-token", $("token").value.trim());
  try {
    const who = await (await api("/v1/whoami")).json();
    role = who.role;
    text($("who"), "Signed in as " + who.token_id + " (" + who.role + ").");
    $("detect").hidden = false;
    const privileged = role === "analyst" || role === "admin";
    $("highlight-row").hidden = !privileged;
    $("jobs").hidden = !privileged;
    await loadKeys();
    if (privileged) { refreshJobs(); if (!jobTimer) jobTimer = setInterval(refreshJobs, 2000); }
    $("text").focus();
  } catch (e) {
    sessionStorage.removeItem("telltale-token");
    text($("who"), "Sign-in failed: " + e.message);
  }
}

async function loadKeys() {
  const keys = (await (await api("/v1/keys")).json()).keys;
  const sel = $("key");
  sel.replaceChildren();
  for (const k of keys) {
    const o = make("option", null, k.key_id + " (" + k.scheme.id + ", " + k.tokenizer.id + ")");
    o.value = k.key_id;
    sel.appendChild(o);
  }
}

async function detect(ev) {
  ev.preventDefault();
  const out = $("result");
  const button = $("detect-button");
  button.disabled = true;
  text(out, "Testing…");
  try {
    const body = { text: $("text").value, key_id: $("key").value || undefined, alpha: Number($("alpha").value) };
    if (!$("highlight-row").hidden && $("highlight").checked) body.highlight = true;
    const d = await (await api("/v1/detect", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) })).json();
    showResult(out, d);
  } catch (e) {
    out.replaceChildren(make("p", "error", "Error: " + e.message));
  } finally {
    button.disabled = false;
    out.focus();
  }
}

function showResult(out, d) {
  out.replaceChildren();
  const label = { watermarked: "Watermarked", not_detected: "Not detected", too_short: "Too short" }[d.verdict] || d.verdict;
  const v = make("p", "verdict " + d.verdict, "Verdict: " + label);
  v.id = "verdict";
  out.appendChild(v);
  const words = make("p", null, explain(d));
  words.id = "explanation";
  out.appendChild(words);
  if (d.account_trace) {
    const a = make("p", "account " + d.account_trace.status, accountHeadline(d.account_trace));
    a.id = "account";
    out.appendChild(a);
    const aw = make("p", null, explainAccount(d.account_trace));
    aw.id = "account-explanation";
    out.appendChild(aw);
  }
  const facts = make("dl", "facts");
  const add = (k, val) => { facts.appendChild(make("dt", null, k)); facts.appendChild(make("dd", null, String(val))); };
  add("p-value", formatP(d.log10_p_value) + " (log10 p = " + d.log10_p_value.toFixed(3) + ")");
  add("tokens", d.tokens_total + " total, " + d.tokens_scored + " scored");
  if (d.account_trace && d.account_trace.status !== "too_short") {
    add("account p-value", formatP(d.account_trace.log10_p_value) + " (log10 p = " + d.account_trace.log10_p_value.toFixed(3)
      + "; corrected for " + d.account_trace.accounts.toLocaleString("en") + " accounts)");
  }
  add("score", d.score + (d.green_fraction != null ? " (" + (100 * d.green_fraction).toFixed(1) + "% green)" : ""));
  add("key", d.key_id + " · " + d.scheme + " " + JSON.stringify(d.scheme_params));
  add("tokenizer", d.tokenizer + " (" + d.tokenizer_impl + ")");
  add("report", d.report_id);
  out.appendChild(facts);
  const dl = make("p", "downloads");
  const j = make("button", null, "Download signed JSON"); j.type = "button"; j.id = "download-json";
  j.onclick = () => download("/v1/reports/" + d.report_id, d.report_id + ".json");
  const p = make("button", null, "Download PDF"); p.type = "button"; p.id = "download-pdf";
  p.onclick = () => download("/v1/reports/" + d.report_id + ".pdf", d.report_id + ".pdf");
  dl.append(j, p);
  out.appendChild(dl);
  if (d.highlights) {
    out.appendChild(make("h3", null, "Tokens"));
    const legend = make("p", "legend");
    legend.append(make("span", "g", "green: scored, in the green list"), make("span", "r", "red: scored, not green"),
      make("span", "u", "grey: not scored (repeat or no full context)"));
    out.appendChild(legend);
    const box = make("div", "tokens");
    box.id = "tokens";
    for (const t of d.highlights) {
      const s = make("span", t.score === null ? "u" : (t.green === undefined ? (t.score >= 1 ? "g" : "r") : (t.green ? "g" : "r")), t.text);
      s.title = t.score === null ? "not scored" : "score " + t.score;
      box.appendChild(s);
    }
    out.appendChild(box);
  }
}

async function download(path, name) {
  try {
    const blob = await (await api(path)).blob();
    const a = make("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  } catch (e) {
    text($("result").appendChild(make("p", "error")), "Download failed: " + e.message);
  }
}

async function loadFile(ev) {
  const f = ev.target.files[0];
  if (f) $("text").value = await f.text();
}

async function startJob(ev) {
  ev.preventDefault();
  const f = $("dataset").files[0];
  if (!f) return;
  const params = new URLSearchParams({ kind: "dataset", format: $("format").value });
  if ($("key").value) params.set("key_id", $("key").value);
  try {
    const job = await (await api("/v1/jobs?" + params, { method: "POST", body: f })).json();
    text($("job-status"), "Started " + job.id + ".");
    refreshJobs();
  } catch (e) {
    text($("job-status"), "Could not start the job: " + e.message);
  }
}

async function refreshJobs() {
  try {
    const jobs = (await (await api("/v1/jobs")).json()).jobs;
    const body = document.querySelector("#job-table tbody");
    body.replaceChildren();
    for (const j of jobs) {
      const tr = make("tr");
      tr.appendChild(make("td", null, j.id));
      tr.appendChild(make("td", null, j.state));
      const td = make("td");
      const bar = make("progress");
      bar.max = j.progress.records_total;
      bar.value = j.progress.records_done;
      bar.setAttribute("aria-label", "progress of " + j.id);
      td.append(bar, make("span", null, " " + j.progress.records_done + " / " + j.progress.records_total + " records"));
      tr.appendChild(td);
      const res = make("td");
      if (j.result) {
        res.textContent = j.result.verdict + ", p = " + formatP(j.result.log10_p_value) + " ";
        const c = j.result.account_counts;
        if (c) {
          res.textContent += "(" + c.documents_attributed + " of " + c.documents_traced + " documents traced to "
            + c.accounts_named + (c.accounts_named === 1 ? " account" : " accounts") + ") ";
        }
        const b = make("button", null, "PDF"); b.type = "button";
        b.onclick = () => download("/v1/reports/" + j.report_id + ".pdf", j.report_id + ".pdf");
        res.appendChild(b);
      } else if (j.error) {
        res.textContent = "failed: " + j.error;
      }
      tr.appendChild(res);
      body.appendChild(tr);
    }
  } catch (e) {
    text($("job-status"), "Could not list jobs: " + e.message);
  }
}

$("signin-form").addEventListener("submit", signIn);
$("detect-form").addEventListener("submit", detect);
$("file").addEventListener("change", loadFile);
$("job-form").addEventListener("submit", startJob);
