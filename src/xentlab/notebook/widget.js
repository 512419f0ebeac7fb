// The browser side of xentlab's notebook widgets (anywidget): it draws the panel the kernel
// computed (read-out, notes, ECharts charts or a figure) and sends the controls' values back.
// It computes nothing of the lessons: every number comes from the kernel.

const ECHARTS = "__xentlabECharts";
// without an answer in this time, the next value goes anyway (the kernel may be busy)
const RESEND_MS = 1000;
// without an answer in this time, the widget says its kernel may be gone
const STALE_MS = 4000;
// what the charts say (their words and tables, written by the kernel) is asked for once the
// changes pause this long, as the web page renews its words, never once per frame of a drag
const SAY_MS = 250;

// ECharts, imported once per page from the source the kernel sends when a widget asks (never
// from a CDN, never kept in the notebook's saved widget state); a widget whose ask is not
// answered in STALE_MS gives up (no kernel: a saved notebook opened as it is, or a kernel
// still busy with the cell), and the next widget, the next change or the kernel's answer
// about the charts' words asks again
function loadECharts(model) {
  const cache = (globalThis[ECHARTS] ??= {});
  if (!cache.module) {
    cache.module = askKernel(model).then(importSource);
    cache.module.catch(() => delete cache.module);
  }
  return cache.module;
}

function askKernel(model) {
  return new Promise((resolve, reject) => {
    const listener = (content) => {
      if (content?.type === "echarts") {
        clearTimeout(timer);
        model.off("msg:custom", listener);
        resolve(content.source);
      }
    };
    const timer = setTimeout(() => {
      model.off("msg:custom", listener);
      reject(new Error("no answer from the kernel"));
    }, STALE_MS);
    model.on("msg:custom", listener);
    model.send({ type: "echarts" });
  });
}

async function importSource(source) {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return await import(/* webpackIgnore: true */ url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// the panel the kernel sent, as one JSON text (parsed once per text)
const PANELS = new WeakMap();
function panelOf(model) {
  const text = model.get("panel") || "{}";
  let known = PANELS.get(model);
  if (known?.text !== text) PANELS.set(model, (known = { text, panel: JSON.parse(text) }));
  return known.panel;
}

// option keys written ":key" hold JavaScript functions (as NiceGUI's charts take them)
function functions(obj) {
  if (Array.isArray(obj)) {
    obj.forEach(functions);
  } else if (obj && typeof obj === "object") {
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith(":")) {
        obj[key.slice(1)] = new Function(`return (${value})`)();
        delete obj[key];
      } else {
        functions(value);
      }
    }
  }
  return obj;
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value);
  }
  el.append(...children);
  return el;
}

function decimals(step) {
  const text = String(step);
  return text.includes(".") ? text.split(".")[1].length : 0;
}

function shown(value) {
  return Array.isArray(value) ? value.join(", ") : value === null ? "" : String(value);
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- controls: one per declared input, built from the kernel's description ----

function slider(spec, send) {
  const digits = decimals(spec.step);
  const value = h("output", { class: "xl-value", "data-testid": `${spec.name}-value` });
  const input = h("input", {
    type: "range",
    min: spec.min,
    max: spec.max,
    step: spec.step,
    "aria-label": spec.label,
    "data-testid": spec.name,
  });
  let dragging = false;
  input.addEventListener("pointerdown", () => (dragging = true));
  const release = () => (dragging = false);
  input.addEventListener("pointerup", release);
  input.addEventListener("pointercancel", release);
  input.addEventListener("input", () => {
    const v = Number(input.value);
    value.textContent = v.toFixed(digits);
    send(spec.name, v);
  });
  const ends = h("div", { class: "xl-ends", "data-testid": `${spec.name}-ends` });
  const el = h(
    "div",
    { class: "xl-control" },
    h("div", { class: "xl-control-head" }, h("span", { text: spec.label }), value),
    input,
    ends,
  );
  return {
    el,
    busy: () => dragging,
    hint(words) {
      if (same(words, [...ends.children].map((e) => e.textContent))) return;
      ends.replaceChildren(...words.map((w) => h("span", { text: w })));
    },
    limit(bounds) {
      const [min, max] = [String(bounds?.min ?? spec.min), String(bounds?.max ?? spec.max)];
      if (input.min !== min) input.min = min;
      if (input.max !== max) input.max = max;
    },
    set(v) {
      input.value = v;
      value.textContent = Number(v).toFixed(digits);
    },
  };
}

function toggle(spec, send) {
  const buttons = spec.options.map((option) => {
    const b = h("button", {
      type: "button",
      class: "xl-option",
      text: option.label,
      "aria-pressed": "false",
      "data-testid": `${spec.name}-${option.value}`,
    });
    b.addEventListener("click", () => send(spec.name, option.value));
    return [option.value, b];
  });
  const group = h(
    "div",
    { class: "xl-switch", role: "group", "aria-label": spec.label, "data-testid": spec.name },
    ...buttons.map(([, b]) => b),
  );
  return {
    el: h(
      "div",
      { class: "xl-control" },
      h("div", { class: "xl-control-head", text: spec.label }),
      group,
    ),
    busy: () => false,
    set(v) {
      for (const [value, b] of buttons) b.setAttribute("aria-pressed", String(value === v));
    },
  };
}

function textBox(spec, send) {
  const input = spec.multiline
    ? h("textarea", { rows: 3, "aria-label": spec.label, "data-testid": spec.name })
    : h("input", { type: "text", "aria-label": spec.label, "data-testid": spec.name });
  let edited = false;
  const commit = () => {
    edited = false;
    send(spec.name, input.value);
  };
  input.addEventListener("input", () => (edited = true));
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !(spec.multiline && e.shiftKey)) {
      e.preventDefault();
      commit();
    }
  });
  return {
    el: h(
      "label",
      { class: "xl-control", title: spec.expects },
      h("div", { class: "xl-control-head", text: spec.label }),
      input,
    ),
    busy: () => edited,
    set(v) {
      input.value = shown(v);
    },
  };
}

const KINDS = { slider, switch: toggle, text: textBox };

// ---- the widget ----

// the table of the numbers behind a chart (the kernel wrote it: course/charts/describe.py)
function numbersTable(t) {
  const head = h("tr", {}, ...t.head.map((text) => h("th", { scope: "col", text })));
  const rows = t.body.map((r) => h("tr", {}, ...r.map((text) => h("td", { text }))));
  return h("table", { class: "xl-table" }, h("thead", {}, head), h("tbody", {}, ...rows));
}

// a box whose content scrolls takes the keyboard's focus, so that its arrows can scroll it
// (WCAG 2.1.1), as on the web page
function focusable(box) {
  const sideways = box.scrollWidth > box.clientWidth + 1;
  const down = box.scrollHeight > box.clientHeight + 1;
  if (sideways || down) box.setAttribute("tabindex", "0");
  else box.removeAttribute("tabindex");
}

function render({ model, el }) {
  const title = h("div", { class: "xl-title", "data-testid": "title" });
  const controlsBox = h("div", { class: "xl-controls" });
  const error = h("div", { class: "xl-error", role: "alert", "data-testid": "error" });
  // the kernel has not answered: the numbers shown may be stale
  const polite = { role: "status", "aria-live": "polite" };
  const stale = h("div", { class: "xl-stale", ...polite, "data-testid": "no-kernel" });
  stale.hidden = true;
  const readout = h("div", { class: "xl-readout", "data-testid": "readout" });
  const notes = h("div", { class: "xl-notes" });
  const status = h("div", { class: "xl-status", "data-testid": "status" });
  const bar = h("div", { class: "xl-progress-bar" });
  const progress = h("div", { class: "xl-progress", "data-testid": "progress" }, bar);
  const chartsBox = h("div", { class: "xl-charts" });
  const chartsWait = h("div", { class: "xl-charts-wait", ...polite, "data-testid": "charts-wait" });
  chartsWait.hidden = true;
  const tables = h("div", { class: "xl-tables" });
  const side = h("div", { class: "xl-side" }, controlsBox, error, readout, notes);
  const main = h("div", { class: "xl-main" }, status, progress, chartsWait, chartsBox);
  const body = h("div", { class: "xl-body" }, side, main);
  // keys pressed in the widget are its own: the notebook's shortcuts (Enter, arrows, letters
  // in command mode: "d d" deletes the cell) must not act on a control, a box that scrolls or
  // a table's disclosure (JupyterLab honours this attribute)
  const root = h("div", { class: "xl-nb", "data-lm-suppress-shortcuts": "true" });
  root.append(title, stale, body, tables);
  root.addEventListener("keydown", (e) => e.stopPropagation());
  el.append(root);

  // one value in flight at a time: a drag sends its latest value once the last is handled
  let controls = new Map();
  let inflight = false;
  let pending = null;
  let timer = null;
  let staleTimer = null;

  function flush() {
    if (!pending || inflight) return;
    const now = model.get("values") || {};
    const next = { ...now, ...pending };
    pending = null;
    if (same(next, now)) return;
    inflight = true;
    timer = setTimeout(handled, RESEND_MS);
    staleTimer ??= setTimeout(() => (stale.hidden = false), STALE_MS);
    model.set("values", next);
    model.save_changes();
  }

  function handled() {
    inflight = false;
    clearTimeout(timer);
    flush();
  }

  // the kernel answered: what is shown is its latest
  function answered() {
    clearTimeout(staleTimer);
    staleTimer = null;
    stale.hidden = true;
    handled();
  }

  function showWords() {
    const words = model.get("words") || {};
    setText(stale, words.no_kernel || "");
    setText(chartsWait, words.charts_wait || "");
  }

  function showLang() {
    root.lang = model.get("lang") || "";
  }

  function send(name, value) {
    pending = { ...(pending || {}), [name]: value };
    flush();
  }

  function buildControls() {
    controls = new Map();
    const specs = model.get("controls") || [];
    controlsBox.replaceChildren();
    for (const spec of specs) {
      const control = KINDS[spec.kind](spec, send);
      controls.set(spec.name, control);
      controlsBox.append(control.el);
    }
    showValues();
  }

  function showValues() {
    const values = model.get("values") || {};
    for (const [name, control] of controls) {
      if (name in values && !control.busy()) control.set(values[name]);
    }
  }

  function showError() {
    const message = model.get("error") || "";
    error.textContent = message;
    error.hidden = !message;
  }

  // charts by key, drawn once ECharts has loaded
  const charts = new Map();
  let echarts = null;
  const resize = new ResizeObserver(() => {
    charts.forEach((c) => c.chart?.resize());
    later(false);
  });
  resize.observe(root);

  function showCharts(specs) {
    const keys = new Set(specs.map((s) => s.key));
    for (const [key, c] of charts) {
      if (!keys.has(key)) {
        c.chart?.dispose();
        c.box.remove();
        charts.delete(key);
      }
    }
    for (const spec of specs) {
      let c = charts.get(spec.key);
      if (!c) {
        const div = h("div", { class: "xl-chart", "data-testid": spec.key });
        // the numbers behind the chart, in a disclosure closed at first (hidden until said)
        const summary = h("summary");
        const numbers = h("div", { class: "xl-data-box" });
        const details = h(
          "details",
          { class: "xl-chart-data", "data-testid": `${spec.key}-data` },
          summary,
          numbers,
        );
        details.hidden = true;
        details.addEventListener("toggle", () => focusable(numbers));
        const box = h("div", { class: "xl-chart-box" }, div, details);
        chartsBox.append(box);
        resize.observe(div);
        c = { div, box, details, summary, numbers, chart: null };
        charts.set(spec.key, c);
      }
      c.div.style.height = `${spec.height}px`;
      if (!echarts) continue;
      c.chart ??= echarts.init(c.div);
      const [options, notMerge] = changes(c, spec.options);
      if (options) c.chart.setOption(functions(structuredClone(options)), { notMerge });
    }
  }

  // what to give ECharts of new options: all of them (replacing) the first time or when the
  // series or the top-level keys change, else only the parts that changed (a dragged point,
  // not the curves it moves on); series are matched by id, so only named series are skipped
  function changes(c, options) {
    const json = {};
    for (const [key, value] of Object.entries(options)) {
      json[key] = key === "series" ? value.map((s) => JSON.stringify(s)) : JSON.stringify(value);
    }
    const last = c.last;
    c.last = json;
    const ids = (options.series || []).map((s) => s.id);
    const sameShape =
      last &&
      Object.keys(last).join() === Object.keys(json).join() &&
      same(ids, last.ids) &&
      ids.every((id) => id !== undefined);
    json.ids = ids;
    if (!sameShape) return [options, true];
    const part = {};
    for (const key of Object.keys(options)) {
      if (key === "series") {
        const series = options.series.filter((_, i) => json.series[i] !== last.series[i]);
        if (series.length) part.series = series;
      } else if (json[key] !== last[key]) {
        part[key] = options[key];
      }
    }
    return Object.keys(part).length ? [part, false] : [null, false];
  }

  function row(r) {
    const text = h("span", { class: "xl-number", text: r.text, "data-testid": r.key });
    return [h("div", { class: "xl-row" }, h("span", { class: "xl-name", text: r.label }), text), text];
  }

  function note(n) {
    const tone = n.tone ? ` xl-tone-${n.tone}` : "";
    const text = h("div", { class: `xl-note${n.mono ? " xl-mono" : ""}${tone}`, text: n.text });
    text.setAttribute("data-testid", n.key);
    const el = n.label ? h("div", {}, h("div", { class: "xl-note-label", text: n.label }), text) : text;
    return [el, text];
  }

  // a list of rows or notes: rebuilt when its rows change (keys, labels, tones), else only the
  // texts that changed are written (a drag rewrites a few numbers, not the whole list)
  function showList(box, items, make) {
    const shape = JSON.stringify(items.map(({ text, ...rest }) => rest));
    if (box.shape !== shape) {
      const made = items.map(make);
      box.replaceChildren(...made.map(([el]) => el));
      box.texts = made.map(([, text]) => text);
      box.shape = shape;
      return;
    }
    items.forEach((item, i) => {
      setText(box.texts[i], item.text);
    });
  }

  // what each chart says, as the kernel last wrote it (by key): an image named by its text
  // alternative, and the table of its numbers; a chart the kernel has not described (without
  // a kernel, or the Lab's while it trains) is no image and has no table
  let said = {};
  function sayCharts() {
    for (const [key, c] of charts) {
      const words = said[key];
      if (c.said === words) continue; // written already (a drag's frames redraw no words)
      c.said = words;
      if (words) {
        if (c.div.getAttribute("aria-label") !== words.text) {
          c.div.setAttribute("role", "img");
          c.div.setAttribute("aria-label", words.text);
        }
      } else {
        c.div.removeAttribute("role");
        c.div.removeAttribute("aria-label");
      }
      c.details.hidden = !words;
      if (!words) continue;
      setText(c.summary, words.table.caption);
      const shape = JSON.stringify(words.table);
      if (c.numbers.shape !== shape) {
        c.numbers.shape = shape;
        c.numbers.replaceChildren(numbersTable(words.table));
        focusable(c.numbers);
      }
    }
  }
  const heard = (content) => {
    if (content?.type !== "said") return;
    said = content.charts || {};
    sayCharts();
    // the kernel answers: if it was too busy to send ECharts in time (a cell still running
    // after it showed the widget), ask again
    if (!echarts) drawCharts();
  };
  model.on("msg:custom", heard);

  // once the changes pause: ask the kernel what the charts say (after a new panel), and
  // give the keyboard's focus to the boxes that scroll
  let sayTimer = null;
  let ask = false;
  function settle() {
    sayTimer = null;
    if (ask && charts.size) model.send({ type: "say" });
    ask = false;
    root.querySelectorAll(".xl-mono, .xl-tables, .xl-data-box").forEach(focusable);
  }
  function later(newPanel) {
    ask ||= newPanel;
    clearTimeout(sayTimer);
    sayTimer = setTimeout(settle, SAY_MS);
  }

  function showPanel() {
    const panel = panelOf(model);
    setText(title, panel.title || "");
    showList(readout, panel.readout || [], row);
    showList(notes, panel.notes || [], note);
    setText(status, panel.status || "");
    status.hidden = !panel.status;
    progress.hidden = panel.progress === undefined;
    bar.style.width = `${Math.round(100 * (panel.progress || 0))}%`;
    for (const [name, control] of controls) {
      control.hint?.(panel.hints?.[name] || []);
      control.limit?.(panel.limits?.[name]);
    }
    showTables(panel.tables || []);
    showCharts(panel.charts || []);
    sayCharts();
    later(true);
    if (!echarts) drawCharts();
  }

  // tables of texts (section 13's frameworks), rebuilt when their texts change
  function showTables(specs) {
    const shape = JSON.stringify(specs);
    if (tables.shape === shape) return;
    tables.shape = shape;
    tables.replaceChildren(
      ...specs.map((t) => {
        const head = h("tr", {}, ...t.head.map((text) => h("th", { scope: "col", text })));
        const rows = t.body.map((r) => h("tr", {}, ...r.map((text) => h("td", { text }))));
        const caption = t.caption ? [h("caption", { text: t.caption })] : [];
        const table = h("table", { class: "xl-table", "data-testid": t.key }, ...caption);
        table.append(h("thead", {}, head), h("tbody", {}, ...rows));
        return h("div", { class: "xl-table-box" }, table);
      }),
    );
  }

  // load ECharts (once per page), then draw; without a kernel, a placeholder says why
  let loading = false;
  function drawCharts() {
    if (loading || echarts) return;
    if (!(panelOf(model).charts || []).length) {
      root.dataset.ready = "true";
      return;
    }
    loading = true;
    loadECharts(model)
      .then((module) => {
        echarts = module;
        chartsWait.hidden = true;
        showPanel();
        root.dataset.ready = "true";
      })
      .catch(() => (chartsWait.hidden = false))
      .finally(() => (loading = false));
  }

  model.on("change:controls", buildControls);
  model.on("change:values", showValues);
  model.on("change:panel", showPanel);
  model.on("change:error", showError);
  model.on("change:revision", answered);
  model.on("change:words", showWords);
  model.on("change:lang", showLang);
  root.dataset.ready = "false";
  buildControls();
  showWords();
  showLang();
  showError();
  showPanel();

  return () => {
    clearTimeout(timer);
    clearTimeout(staleTimer);
    clearTimeout(sayTimer);
    model.off("msg:custom", heard);
    resize.disconnect();
    charts.forEach((c) => c.chart?.dispose());
  };
}

export default { render };
