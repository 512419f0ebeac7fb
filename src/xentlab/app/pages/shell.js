// The explorer's page script (app/pages/shell.py adds it to every page).

// a click on a language switch link opens the current address (with its state, as the page
// last wrote it) in that language; without JavaScript the link's own href opens the page
document.addEventListener('click', event => {
  const link = event.target.closest && event.target.closest('a[data-lang]');
  if (!link) return;
  const url = new URL(window.location.href);
  url.searchParams.set('lang', link.dataset.lang);
  link.href = url.pathname + url.search;
}, true);

// a box whose content scrolls takes the keyboard's focus, so that its arrows can scroll it
// (WCAG 2.1.1); checked after the page changes (at most twice a second) and when it is resized
(() => {
  let timer = null;
  const focusable = () => {
    for (const el of document.querySelectorAll('.nicegui-content *')) {
      // (a row of tabs scrolls as its tabs take the focus: nothing else may sit in a tablist)
      if (el.hasAttribute('tabindex') || !el.children.length || el.closest('[role=tablist]')) {
        continue;
      }
      const style = getComputedStyle(el);
      const sideways = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const down = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if (sideways || down) el.setAttribute('tabindex', '0');
    }
  };
  // an uploader's "add" button (Quasar's) wraps a file input, controls nested in controls:
  // the input itself is made the control, named after its uploader, the button around it
  // presentation
  const named = () => {
    for (const add of document.querySelectorAll('.q-uploader__header a.q-btn')) {
      const title = add.closest('.q-uploader')?.querySelector('.q-uploader__title');
      const input = add.querySelector('input[type=file]');
      if (!input || !title) continue;
      add.setAttribute('role', 'presentation');
      add.setAttribute('tabindex', '-1');
      input.setAttribute('tabindex', '0');
      input.setAttribute('aria-label', (window.xlWords?.choose_file || '{title}')
        .replace('{title}', title.textContent));
    }
  };
  // at most every half second while the page keeps changing (a drag, a training run)
  const later = () => {
    timer ??= setTimeout(() => { timer = null; focusable(); named(); }, 500);
  };
  // only when elements come or go: a slider step rewrites texts, which changes no box
  const grown = (records) => records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1));
  new MutationObserver((records) => grown(records) && later()).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener('resize', later);
  later();
})();

// A Quasar slider takes the keyboard's focus on its track but names itself (role, label,
// value) on its root, so a screen reader that reaches the track heard nothing. Its words move
// to the track, and its value follows each change, in words where the page gave a template
// (data-valuetext: {v} the value, {pct} it as a percentage, {pow10} ten to its power).
(() => {
  const WORDS = ['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-orientation',
    'aria-valuenow'];
  const format = (template, v) => {
    const lang = document.documentElement.lang || 'en';
    const pow10 = (10 ** v).toLocaleString(lang, { maximumSignificantDigits: 3 });
    return template
      .replaceAll('{v}', String(v))
      .replaceAll('{pct}', `${Math.round(v * 100)}%`)
      .replaceAll('{pow10}', pow10);
  };
  // (Vue sets an attribute again only when its value changes: each new value lands on the
  // root, and moves from there)
  const follow = (root) => {
    const track = root.querySelector('.q-slider__track-container');
    if (!track) return;
    for (const name of WORDS) {
      if (root.hasAttribute(name)) {
        track.setAttribute(name, root.getAttribute(name));
        root.removeAttribute(name);
      }
    }
    const value = track.getAttribute('aria-valuenow');
    const template = root.dataset.valuetext;
    if (template && value !== null) {
      track.setAttribute('aria-valuetext', format(template, Number(value)));
    }
  };
  const all = () => document.querySelectorAll('.q-slider').forEach(follow);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.target.classList?.contains('q-slider')) follow(r.target);
      } else if ([...r.addedNodes].some((n) => n.nodeType === 1)) {
        all();
        return;
      }
    }
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-valuenow', 'aria-label', 'role', 'data-valuetext'],
  });
  all();
})();

// A learner's progress on the tasks (app/pages/tasks.py) stays in this browser, sent nowhere
// but to the page that asks it: by section, by task, {done, choice}.
window.xlProgress = (() => {
  const KEY = 'xentlab.progress';
  const read = () => {
    try {
      const kept = JSON.parse(localStorage.getItem(KEY) || '{}');
      return kept && typeof kept === 'object' && !Array.isArray(kept) ? kept : {};
    } catch {
      return {};
    }
  };
  const write = (all) => {
    try {
      localStorage.setItem(KEY, JSON.stringify(all));
    } catch {
      // (storage full or refused: the progress lives as long as the page)
    }
  };
  return {
    get: (section) => read()[section] || {},
    put(section, task, record) {
      const all = read();
      const kept = all[section] || {};
      kept[task] = { ...(kept[task] || {}), ...record };
      all[section] = kept;
      write(all);
    },
    clear(section) {
      const all = read();
      delete all[section];
      write(all);
    },
  };
})();

// a page with tasks is told what was kept for them once its socket is up (for 10 s at most)
(() => {
  let tries = 0;
  const send = () => {
    const card = document.querySelector('[data-testid=tasks][data-section]');
    if (window.did_handshake && card) {
      const section = card.dataset.section;
      emitEvent('xl_progress', { section, tasks: xlProgress.get(section) });
    } else if (++tries < 100) {
      setTimeout(send, 100);
    }
  };
  send();
})();

// in a class (serve --class): a page is told what this browser holds of it, once its socket
// is up: the member id and whether it follows (joined), the teacher's token (the teacher's
// browser), the teacher's address it last went to, and its own address
(() => {
  let tries = 0;
  const read = (store, key) => {
    try {
      return store.getItem(key);
    } catch {
      return null;
    }
  };
  const send = () => {
    if (window.did_handshake && document.querySelector('[data-testid=class-bar]')) {
      let member = null;
      try {
        member = JSON.parse(read(localStorage, 'xentlab.class') || 'null');
      } catch {
        member = null;
      }
      emitEvent('xl_class', {
        member,
        teacher: read(localStorage, 'xentlab.teacher'),
        followed: read(sessionStorage, 'xentlab.followed'),
        address: location.pathname + location.search,
      });
    } else if (++tries < 100) {
      setTimeout(send, 100);
    }
  };
  send();
})();
