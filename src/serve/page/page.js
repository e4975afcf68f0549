// shiprank serve: the weight-tuning page.
//
// Plain script, no dependencies. Everything from the server is inserted with textContent, and
// there are no inline handlers or styles, so the page works under `default-src 'self'`.
// Test hooks on <body>: data-state (loading | ready | error), data-renders (count of rendered
// rankings), data-saved (count of completed saves).
"use strict";

(function () {
  const RANK_DEBOUNCE_MS = 60;
  const TEXT_DEBOUNCE_MS = 350; // must-have skills: wait for the word to be typed out
  const CREDENTIALS = ["degree", "certifications"]; // zeroed by "credentials ignored"
  const FOUR_FIFTHS = 0.8;

  const $ = (id) => document.getElementById(id);

  const state = {
    info: null, // the /api/roles answer
    role: null, // the selected role (from info.roles)
    weights: {}, // relative weights in the sliders, by feature (kept exact, sliders may round)
    seq: 0, // number of the latest rank request; older answers are dropped
    controller: null, // aborts the request in flight when a newer one starts
    timer: 0,
    renders: 0,
    saves: 0,
    saving: false,
  };

  // ---------------------------------------------------------------- helpers

  /** A new element with a class and text (text always via textContent). */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** "skill_coverage" → "Skill coverage". */
  function pretty(name) {
    const s = name.replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function fmtNum(x, digits) {
    return Number(x).toFixed(digits);
  }

  /** A weight as typed: 20, 7.5, 12.25. */
  function fmtWeight(x) {
    return String(Math.round(x * 100) / 100);
  }

  function fmtPct(x) {
    return (x * 100).toFixed(1) + "%";
  }

  function setState(s) {
    document.body.dataset.state = s;
  }

  /** Shows a message in the polite live region; kind is "", "ok" or "error". */
  function setStatus(message, kind) {
    const s = $("status");
    s.textContent = message || "";
    s.dataset.kind = kind || ""; // the region stays in the DOM (empty) so it is announced
  }

  // ---------------------------------------------------------------- API

  /** The ?token= of the page's URL, sent as a bearer token (never put in another URL). */
  const pageToken = new URLSearchParams(location.search).get("token");
  const saveToken = (document.querySelector('meta[name="shiprank-save-token"]') || {}).content || "";

  /** fetch() of a relative API path with the auth header; throws Error(message) on failure. */
  async function api(path, options) {
    const opts = options || {};
    const headers = { Accept: "application/json" };
    if (pageToken) headers.Authorization = "Bearer " + pageToken;
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, opts.headers || {});
    let res;
    try {
      res = await fetch(path, {
        method: opts.method || (opts.body !== undefined ? "POST" : "GET"),
        headers,
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        signal: opts.signal,
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new Error("cannot reach the server; is `shiprank serve` still running?");
    }
    if (!res.ok) throw new Error(await errorText(res));
    return opts.raw ? res : res.json();
  }

  /** The server's {"error": ...} message, or the status line. */
  async function errorText(res) {
    let msg = "";
    try {
      const body = await res.json();
      msg = body && body.error ? String(body.error) : "";
    } catch (_) {
      /* not JSON */
    }
    return (msg || res.statusText || "request failed") + " (HTTP " + res.status + ")";
  }

  // ---------------------------------------------------------------- building the controls

  function buildRoles(roles) {
    const select = $("role");
    const previous = select.value;
    select.replaceChildren();
    for (const r of roles) {
      const o = el("option", "", r.id + " — " + r.title);
      o.value = r.id;
      select.append(o);
    }
    if (previous && roles.some((r) => r.id === previous)) select.value = previous;
  }

  function buildAttributes(attributes) {
    const select = $("audit-by");
    for (const a of attributes) {
      const o = el("option", "", a);
      o.value = a;
      select.append(o);
    }
  }

  /** One labelled slider row per feature, with readout, share, preset tick and doc. */
  function buildWeights(features) {
    const box = $("weights");
    box.replaceChildren();
    for (const f of features) {
      const id = "w-" + f.name;
      const row = el("div", "weight");
      row.dataset.feature = f.name;
      row.title = f.doc || "";

      const head = el("div", "weight-head");
      const label = el("label", "", pretty(f.name));
      label.htmlFor = id;
      label.prepend(el("span", "swatch"));
      const out = el("output", "readout");
      out.id = "v-" + f.name;
      out.htmlFor = id;
      const share = el("span", "share");
      share.id = "n-" + f.name;
      const presetVisible = el("span", "preset-diff");
      presetVisible.id = "pv-" + f.name;
      presetVisible.setAttribute("aria-hidden", "true");
      head.append(label, presetVisible, out, share);

      const track = el("div", "track");
      const input = el("input");
      input.type = "range";
      input.id = id;
      input.min = "0";
      input.max = "50";
      input.step = "0.5";
      input.title = f.doc || "";
      input.setAttribute("aria-describedby", "p-" + f.name + " d-" + f.name);
      const tick = el("span", "preset-tick");
      tick.setAttribute("aria-hidden", "true");
      track.append(input, tick);

      const presetText = el("span", "sr-only");
      presetText.id = "p-" + f.name;
      const doc = el("span", "sr-only", f.doc || "");
      doc.id = "d-" + f.name;

      row.append(head, track, presetText, doc);
      box.append(row);

      input.addEventListener("input", () => {
        state.weights[f.name] = parseFloat(input.value);
        paintSlider(input);
        onEdit(RANK_DEBOUNCE_MS);
      });
    }
  }

  function buildLegend(features) {
    const ul = $("legend");
    ul.replaceChildren();
    for (const f of features) {
      const li = el("li", "", pretty(f.name));
      li.dataset.feature = f.name;
      li.title = f.doc || "";
      li.prepend(el("span", "swatch"));
      ul.append(li);
    }
  }

  // ---------------------------------------------------------------- reading and setting the form

  function features() {
    return state.info ? state.info.features.map((f) => f.name) : [];
  }

  function readWeights() {
    const w = {};
    for (const f of features()) w[f] = state.weights[f] || 0;
    return w;
  }

  /** A number input's value, null when empty; throws on invalid input. */
  function readNumber(id, what, min, max, integer) {
    const input = $(id);
    input.removeAttribute("aria-invalid");
    if (input.disabled) return null;
    const text = input.value.trim();
    if (text === "" && !input.validity.badInput) return null;
    const x = Number(text);
    if (input.validity.badInput || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      input.setAttribute("aria-invalid", "true");
      const range = max === Infinity ? "at least " + min : "from " + min + " to " + max;
      throw new Error(what + " must be " + (integer ? "a whole number " : "a number ") + range + ".");
    }
    return x;
  }

  function readFilters() {
    const skills = $("f-must_have")
      .value.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    return {
      must_have: skills,
      max_salary: readNumber("f-max_salary", "Max salary", 0, Infinity, false),
      min_overlap_hours: readNumber("f-min_overlap_hours", "Min overlap hours", 0, 24, false),
    };
  }

  /** The body of /api/rank and /api/export; throws on invalid input. */
  function readRequest() {
    const top = readNumber("top", "Top K", 1, 500, true);
    return {
      role: state.role.id,
      weights: readWeights(),
      filters: readFilters(),
      top: top === null ? 20 : top,
      explain: true,
      credentials_ignored: $("credentials-ignored").checked,
      audit_by: $("audit-by").value || null,
    };
  }

  /** Moves the sliders to `weights`, widening their range when a weight needs it. */
  function setWeights(weights) {
    const preset = state.role.preset_weights || {};
    const all = features().flatMap((f) => [weights[f] || 0, preset[f] || 0]);
    const max = Math.max(50, Math.ceil((2 * Math.max(...all)) / 10) * 10);
    for (const f of features()) {
      const input = $("w-" + f);
      input.max = String(max);
      state.weights[f] = Number(weights[f]) || 0;
      input.value = String(state.weights[f]);
      paintSlider(input);
      placeTick(f, preset[f] || 0, max);
    }
    updateReadouts(null);
  }

  /** Colours the slider's track up to the thumb (page.css reads --frac). */
  function paintSlider(input) {
    const max = parseFloat(input.max) || 1;
    input.style.setProperty("--frac", String(Math.min(1, (parseFloat(input.value) || 0) / max)));
  }

  /** Positions the preset tick under the slider (the thumb is 16px wide, see page.css). */
  function placeTick(feature, value, max) {
    const tick = document.querySelector('.weight[data-feature="' + CSS.escape(feature) + '"] .preset-tick');
    tick.style.left = "calc(8px + (100% - 16px) * " + value / max + ")";
    $("p-" + feature).textContent = "preset " + fmtWeight(value);
  }

  function setFilters(filters) {
    const f = filters || {};
    $("f-must_have").value = (f.must_have || []).join(", ");
    $("f-max_salary").value = f.max_salary === null || f.max_salary === undefined ? "" : String(f.max_salary);
    const overlap = $("f-min_overlap_hours");
    overlap.value = f.min_overlap_hours === null || f.min_overlap_hours === undefined ? "" : String(f.min_overlap_hours);
    overlap.disabled = !state.role.has_team;
    $("overlap-note").textContent = state.role.has_team ? "" : "Min overlap hours needs a team time zone; this role names none.";
  }

  /** Readouts, shares and the preset marks; `normalized` are the server's weights, when known. */
  function updateReadouts(normalized) {
    const w = readWeights();
    const ignored = $("credentials-ignored").checked;
    const inForce = (f) => (ignored && CREDENTIALS.includes(f) ? 0 : w[f]);
    const total = features().reduce((s, f) => s + inForce(f), 0);
    const preset = state.role.preset_weights || {};
    for (const f of features()) {
      const share = normalized && f in normalized ? normalized[f] : total > 0 ? inForce(f) / total : 0;
      $("v-" + f).textContent = fmtWeight(w[f]);
      $("n-" + f).textContent = fmtPct(share);
      $("w-" + f).setAttribute("aria-valuetext", fmtWeight(w[f]) + ", " + fmtPct(share) + " of the score");
      const differs = Math.abs(w[f] - (preset[f] || 0)) > 1e-9;
      $("pv-" + f).textContent = differs ? "preset " + fmtWeight(preset[f] || 0) : "";
      const row = $("w-" + f).closest(".weight");
      row.classList.toggle("ignored", ignored && CREDENTIALS.includes(f));
    }
  }

  function sameFilters(a, b) {
    const set = (x) => [...new Set((x || []).map(String))].sort().join("\n");
    const num = (x) => (x === null || x === undefined ? null : Number(x));
    return set(a.must_have) === set(b.must_have) && num(a.max_salary) === num(b.max_salary) && num(a.min_overlap_hours) === num(b.min_overlap_hours);
  }

  /** Whether the weights or filters differ from the role's saved ones. */
  function isDirty() {
    const w = readWeights();
    const saved = state.role.weights || {};
    if (features().some((f) => Math.abs(w[f] - (Number(saved[f]) || 0)) > 1e-9)) return true;
    try {
      return !sameFilters(readFilters(), state.role.filters || {});
    } catch (_) {
      return true;
    }
  }

  /** Whether the server can write the roles file (not when it serves the bundled sample). */
  function canSave() {
    return !state.info || state.info.can_save !== false;
  }

  function updateButtons() {
    $("save").disabled = state.saving || !state.role || !canSave() || !isDirty();
  }

  // ---------------------------------------------------------------- ranking

  /** Any edit: update the readouts now, re-rank after `delay` ms of quiet. */
  function onEdit(delay) {
    updateReadouts(null);
    updateButtons();
    $("save-result").textContent = "";
    clearTimeout(state.timer);
    state.timer = setTimeout(rankNow, delay);
  }

  /** Sends the current settings to /api/rank and renders the answer if it is still the latest. */
  /** Ranks with the form's values; true when this request's ranking was rendered. */
  async function rankNow() {
    clearTimeout(state.timer);
    if (!state.role) return false;
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    let body;
    try {
      body = readRequest();
    } catch (e) {
      fail(e.message);
      return false;
    }
    const controller = new AbortController();
    state.controller = controller;
    setState("loading");
    try {
      const result = await api("api/rank", { body, signal: controller.signal });
      if (seq !== state.seq) return false; // a newer request owns the page
      render(result, body);
      if ($("status").dataset.kind === "error") setStatus("", "");
      state.renders += 1;
      document.body.dataset.renders = String(state.renders);
      setState("ready");
      return true;
    } catch (e) {
      if (e.name !== "AbortError" && seq === state.seq) fail(e.message);
      return false;
    } finally {
      if (state.controller === controller) state.controller = null;
    }
  }

  function fail(message) {
    setStatus("Error: " + message, "error");
    document.querySelector(".table-wrap").classList.add("stale");
    setState("error");
  }

  function render(result, request) {
    document.querySelector(".table-wrap").classList.remove("stale");
    updateReadouts(result.weights || null);
    const k = request.top;
    $("ranking-heading").textContent = "Top " + k + " · " + (result.title || result.role_id);
    renderTable(result);
    renderDropped(result, k);
    renderSummary(result);
  }

  /** "↑3", "↓2", "=" or "new" against the saved weights' ranking. */
  function movement(savedRanks, id, rank) {
    if (!savedRanks || !(id in savedRanks)) return { text: "new", cls: "new", title: "not in the saved top K" };
    const d = savedRanks[id] - rank;
    if (d > 0) return { text: "↑" + d, cls: "up", title: "up " + d + " from saved rank " + savedRanks[id] };
    if (d < 0) return { text: "↓" + -d, cls: "down", title: "down " + -d + " from saved rank " + savedRanks[id] };
    return { text: "=", cls: "same", title: "same rank as with the saved weights" };
  }

  function renderTable(result) {
    const tbody = $("ranking").tBodies[0];
    const savedRanks = result.saved ? result.saved.ranks : null;
    const rows = (result.ranking || []).map((r) => {
      const tr = el("tr");
      tr.dataset.candidate = r.candidate_id;
      const mv = movement(savedRanks, r.candidate_id, r.rank);
      tr.dataset.movement = mv.cls === "new" ? "new" : String(savedRanks[r.candidate_id] - r.rank);
      const mvCell = el("td", "move");
      const badge = el("span", "mv " + mv.cls, mv.text);
      badge.title = mv.title;
      mvCell.append(badge);
      tr.append(
        el("td", "num", r.rank),
        mvCell,
        el("td", "name", r.name),
        el("td", "country", r.country),
        el("td", "id", r.candidate_id),
        el("td", "num score", fmtNum(r.score, 4)),
        barCell(r)
      );
      return tr;
    });
    tbody.replaceChildren(...rows);
    $("empty").hidden = rows.length > 0;
  }

  /** The score as a bar of feature contributions; the full track is a score of 1. */
  function barCell(r) {
    const td = el("td", "bar-col");
    const bar = el("div", "bar");
    const terms = (r.explanation && r.explanation.terms) || [];
    const parts = [];
    for (const t of terms) {
      if (!(t.contribution > 0)) continue;
      const seg = el("span", "seg");
      seg.dataset.feature = t.feature;
      seg.style.width = Math.min(100, t.contribution * 100) + "%";
      seg.title = termText(t);
      bar.append(seg);
      parts.push(pretty(t.feature) + " " + fmtNum(t.contribution, 3));
    }
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", "Score " + fmtNum(r.score, 3) + ": " + (parts.join(", ") || "no contributions"));
    td.append(bar);
    return td;
  }

  /** "Skill coverage: +0.175 (value 0.875 × weight 20.0%; 3 required skills matched)". */
  function termText(t) {
    let s = pretty(t.feature) + ": +" + fmtNum(t.contribution, 3) + " (value " + fmtNum(t.value, 3) + " × weight " + fmtPct(t.weight);
    if (t.raw !== undefined && t.raw !== null) {
      s += "; " + Number(t.raw).toLocaleString("en-US", { maximumFractionDigits: 2 }) + (t.raw_unit ? " " + t.raw_unit : "");
    }
    return s + ")";
  }

  function renderDropped(result, k) {
    const list = $("dropped");
    const dropped = (result.saved && result.saved.dropped) || [];
    $("dropped-heading").textContent = "Dropped from the saved top " + ((result.saved && result.saved.of) || k);
    list.replaceChildren(
      ...dropped.map((d) => {
        const li = el("li");
        li.dataset.candidate = d.candidate_id;
        li.append(el("span", "saved-rank", "#" + d.saved_rank), el("span", "name", d.name), el("span", "id", d.candidate_id));
        return li;
      })
    );
    $("dropped-none").hidden = dropped.length > 0;
  }

  /** Fills one summary card: its big figures ([value, unit] pairs) and the note under them. */
  function card(id, figures, note) {
    const big = $(id);
    big.replaceChildren();
    for (const [value, unit] of figures) {
      const fig = el("span", "figure", value);
      if (unit) fig.append(" ", el("span", "unit", unit));
      big.append(fig);
    }
    $(id + "-note").textContent = note;
  }

  function renderSummary(result) {
    // Candidates considered and excluded, with reasons.
    const reasons = Object.entries(result.excluded || {});
    let note = "none excluded by the hard filters";
    if (result.candidates_excluded) {
      const why = reasons.length === 1 ? reasons[0][0] : reasons.map(([w, n]) => w + ": " + n).join("; ");
      note = result.candidates_excluded + " excluded (" + why + ")";
    }
    card("sum-considered", [[result.candidates_considered, "considered"]], note);

    // Overlap with the saved weights' top K.
    const saved = result.saved;
    const shown = (result.ranking || []).length;
    if (saved) card("sum-overlap", [[saved.overlap, "of " + shown]], saved.overlap + " of " + shown + " in the saved top " + saved.of);
    else card("sum-overlap", [["–"]], "no saved ranking to compare");

    // Label metrics.
    const m = result.metrics;
    const metric = (x) => (x === null || x === undefined ? "–" : fmtNum(x, 3)); // null: undefined (no relevant labels)
    if (m) card("sum-metrics", [[metric(m.ndcg), "NDCG@" + m.k], [metric(m.map), "MAP"]], "over " + m.labelled + " labelled candidates");
    else card("sum-metrics", [["–"]], "no labels given");

    renderImpact(result.impact);

    // Credential dependence.
    const kept = result.top_kept_without_credentials;
    if (kept) card("sum-credentials", [[kept.kept, "of " + kept.of]], "stay in the top " + kept.of + " without degree and certifications");
    else card("sum-credentials", [["–"]], $("credentials-ignored").checked ? "credentials are already ignored" : "not computed for these weights");
  }

  function renderImpact(impact) {
    const cardEl = $("impact-card");
    cardEl.classList.remove("warn");
    cardEl.title = "";
    if (!impact) {
      card("sum-impact", [["–"]], "choose an attribute under Shortlist");
      return;
    }
    const categories = impact.categories || [];
    // Per category: selected of pool, rate and ratio to the highest rate (in the tooltip).
    cardEl.title = categories
      .map((c) => c.category + ": " + c.selected + " of " + c.pool + " selected, ratio " + (c.ratio === null ? "–" : fmtNum(c.ratio, 2)))
      .join("\n");
    const of = "of " + categories.length + " " + impact.attribute + " categories";
    if (!impact.lowest) {
      card("sum-impact", [["–"]], "no ratio " + of + ": nobody selected");
      return;
    }
    const below = impact.below_four_fifths === true || impact.lowest.ratio < FOUR_FIFTHS;
    cardEl.classList.toggle("warn", below);
    const rule = below ? "below the four-fifths rule (0.8)" : "meets the four-fifths rule (0.8)";
    card("sum-impact", [[fmtNum(impact.lowest.ratio, 2), impact.lowest.category]], "lowest " + of + "; " + rule);
  }

  // ---------------------------------------------------------------- actions

  /** Selects a role and loads its saved weights and filters. */
  function selectRole(id) {
    state.role = state.info.roles.find((r) => r.id === id) || state.info.roles[0];
    $("role").value = state.role.id;
    const r = state.role;
    const info = [r.strategy + " preset", r.labelled ? r.labelled + " labelled candidates" : "no labels", "salaries in " + r.salary_currency];
    $("role-info").textContent = info.join(" · ");
    $("salary-currency").textContent = "(" + r.salary_currency + ")";
    $("save-result").textContent = "";
    loadSaved();
  }

  /** Puts the role's saved weights and filters into the form. */
  function loadSaved() {
    setWeights(state.role.weights || {});
    setFilters(state.role.filters);
    for (const id of ["top", "f-max_salary", "f-min_overlap_hours"]) $(id).removeAttribute("aria-invalid");
    updateButtons();
  }

  async function save() {
    if (!state.role || state.saving) return;
    let body;
    try {
      body = { weights: readWeights(), filters: readFilters() };
    } catch (e) {
      fail(e.message);
      return;
    }
    const roleId = state.role.id;
    state.saving = true;
    updateButtons();
    let res;
    try {
      res = await api("api/roles/" + encodeURIComponent(roleId) + "/save", {
        body,
        headers: { "X-Shiprank-Save-Token": saveToken },
      });
    } catch (e) {
      fail("save failed: " + e.message);
      state.saving = false;
      updateButtons();
      return;
    }
    const file = res.file || "the roles file";
    $("save-result").textContent = "saved to " + file;
    try {
      // The saved weights are the new baseline: fetch the roles again, then re-rank.
      await loadRoles(roleId);
    } catch (e) {
      fail("saved to " + file + ", but reloading the roles failed: " + e.message);
      state.saving = false;
      updateButtons();
      return;
    }
    setStatus("Saved " + (res.role || roleId) + " to " + file + ".", "ok");
    state.saving = false;
    updateButtons();
    // data-saved counts saves whose new baseline is on the page.
    if (await rankNow()) {
      state.saves += 1;
      document.body.dataset.saved = String(state.saves);
    }
  }

  async function exportCsv() {
    if (!state.role) return;
    let body;
    try {
      body = readRequest();
    } catch (e) {
      fail(e.message);
      return;
    }
    const button = $("export");
    button.disabled = true;
    try {
      const res = await api("api/export", { body, raw: true, headers: { Accept: "text/csv" } });
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = el("a");
      a.href = url;
      a.download = body.role + "-shortlist.csv";
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setStatus("Exported " + a.download + ".", "ok");
    } catch (e) {
      setStatus("Error: export failed: " + e.message, "error");
    } finally {
      button.disabled = false;
    }
  }

  /** Fetches /api/roles; keeps the role `keep` selected (else the first). */
  async function loadRoles(keep) {
    const info = await api("api/roles");
    const first = !state.info;
    state.info = info;
    if (first) {
      buildWeights(info.features);
      buildLegend(info.features);
      buildAttributes(info.attributes || []);
      const d = [
        info.candidates + " candidates" + (info.candidates_file ? " (" + info.candidates_file + ")" : ""),
        info.roles_file ? "roles from " + info.roles_file : "",
        "data as of " + info.as_of,
        info.labels ? "labels loaded" : "no labels",
      ];
      $("dataset").textContent = d.filter(Boolean).join(" · ");
      if (!canSave()) {
        $("save").title = "The bundled sample roles cannot be saved: start the server with --roles FILE.";
        $("save-note").textContent = "Saving is off: these are the bundled sample roles (start with --roles FILE).";
      }
    }
    buildRoles(info.roles);
    if (keep) {
      // Only the baseline changes; the form keeps what the user has.
      state.role = info.roles.find((r) => r.id === keep) || info.roles[0];
      $("role").value = state.role.id;
    } else selectRole(info.roles[0] && info.roles[0].id);
  }

  function wire() {
    $("role").addEventListener("change", () => {
      selectRole($("role").value);
      rankNow();
    });
    $("f-must_have").addEventListener("input", () => onEdit(TEXT_DEBOUNCE_MS));
    $("f-must_have").addEventListener("change", () => onEdit(0));
    for (const id of ["f-max_salary", "f-min_overlap_hours", "top"]) $(id).addEventListener("input", () => onEdit(RANK_DEBOUNCE_MS));
    for (const id of ["credentials-ignored", "audit-by"]) $(id).addEventListener("change", () => onEdit(0));
    $("save").addEventListener("click", save);
    $("reset").addEventListener("click", () => {
      loadSaved();
      setStatus("Weights and filters reset to the saved ones.", "ok");
      rankNow();
    });
    $("reset-preset").addEventListener("click", () => {
      setWeights(state.role.preset_weights || {});
      onEdit(0);
    });
    $("export").addEventListener("click", exportCsv);
  }

  async function start() {
    wire();
    setStatus("", "");
    try {
      await loadRoles(null);
    } catch (e) {
      fail("could not load the roles: " + e.message);
      return;
    }
    if (!state.info.roles.length) {
      fail("the roles file has no roles");
      return;
    }
    rankNow();
  }

  start();
})();
