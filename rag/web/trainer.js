// The trainer desk's scripts: rows of the log select their question, and the keyboard marks.
() => {
  const visible = (el) => !!(el && el.offsetParent);
  const selectRow = (row) => {
    for (const r of document.querySelectorAll('#trainer-log tr.is-selected')) {
      r.classList.remove('is-selected');
    }
    row.classList.add('is-selected');
    const box = document.querySelector('#trainer-qid input, #trainer-qid textarea');
    if (!box) return;
    box.value = row.dataset.qid;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  document.addEventListener('click', (e) => {
    const row = e.target.closest && e.target.closest('#trainer-log tr[data-qid]');
    if (row) selectRow(row);
    // A question linked from the overview (#20): opened in the log view, on this page.
    const link = e.target.closest && e.target.closest('#trainer-panel a.open-q[data-qid]');
    if (!link) return;
    e.preventDefault();
    const log = document.querySelector('#trainer-view input[value="log"]');
    if (log && !log.checked) log.click();
    // The log view is drawn again when shown: type the number once its box is there.
    let tries = 40;
    const open = () => {
      const box = document.querySelector('#trainer-qid input, #trainer-qid textarea');
      if (!visible(box)) { if (tries-- > 0) setTimeout(open, 100); return; }
      box.value = link.dataset.qid;
      box.dispatchEvent(new Event('input', {bubbles: true}));
      box.scrollIntoView({block: 'center'});
    };
    open();
  });
  // Keys are for marking unless the trainer is writing: radios and buttons keep focus after a
  // click, so only text fields count as typing.
  const typing = (el) => !!(el && el.closest && el.closest(
    'textarea, select, [contenteditable=true], input:not([type=radio]):not([type=checkbox]):not([type=button])'));
  const choose = (selector, index) => {
    const labels = [...document.querySelectorAll(`${selector} label`)];
    if (!labels.length) return false;
    const i = Math.max(0, Math.min(labels.length - 1, index(labels)));
    labels[i].click();
    return true;
  };
  const current = (labels) => labels.findIndex((l) => l.querySelector('input:checked'));
  // The name typed in an open desk is kept by this browser and filled in again after a reload,
  // into an empty box: again while the page is still drawing the box (a value filled in too
  // early is lost), until it has stayed a second; a name typed or cleared meanwhile is left
  // alone. A login's name is shown in a box that cannot be changed, and is not kept.
  const NAME_KEY = 'rag-trainer-name';
  const nameBox = () => document.querySelector('#mark-trainer input, #mark-trainer textarea');
  let nameTyped = false;
  let restoreUntil = 0;
  let nameStayed = 0;
  document.addEventListener('input', (e) => {
    const box = nameBox();
    if (!e.isTrusted || e.target !== box || box.disabled) return;
    nameTyped = true;
    try { localStorage.setItem(NAME_KEY, box.value.trim()); } catch (err) { /* private mode */ }
  });
  const restoreName = () => {
    const box = nameBox();
    if (nameTyped || nameStayed >= 4 || !visible(box) || box.disabled) return;
    if (!restoreUntil) restoreUntil = Date.now() + 20000;
    if (Date.now() > restoreUntil) return;
    let kept = '';
    try { kept = localStorage.getItem(NAME_KEY) || ''; } catch (err) { return; }
    if (!kept) { nameStayed = 4; return; }
    if (box.value === kept) { nameStayed += 1; return; }
    if (box.value) { nameStayed = 4; return; }  // another name is there: left as it is
    nameStayed = 0;
    box.value = kept;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  // The citation a key press will mark is outlined in the detail too (the radios are below
  // it): its card, in the same order as the radios, follows the checked one.
  let shown = -1;
  setInterval(() => {
    restoreName();
    const i = current([...document.querySelectorAll('#mark-cite label')]);
    const cards = [...document.querySelectorAll('#trainer-detail .mark-card')];
    cards.forEach((c, k) => c.classList.toggle('is-current', k === i));
    if (i !== shown && cards[i] && visible(cards[i])) {
      cards[i].scrollIntoView({block: 'nearest'});
    }
    shown = i;
  }, 250);
  // The essay library: a file over the upload limit (Gradio's, the server's) is stopped here,
  // before Gradio's own check refuses it with an English toast and empties the box. Its name
  // and size go to a hidden box, whose handler tells the trainer in Chinese; what was chosen
  // before stays.
  const uploadLimit = () => Number((window.gradio_config || {}).max_file_size) || 0;
  const stopLarge = (e, files) => {
    const limit = uploadLimit();
    const big = limit ? [...(files || [])].find((f) => f.size > limit) : null;
    if (!big) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type === 'change') e.target.value = '';
    // a drop with no files ends Gradio's drag state (its drop zone stays lit otherwise)
    else e.target.dispatchEvent(new DragEvent('drop', {bubbles: true, dataTransfer: new DataTransfer()}));
    const box = document.querySelector('#lib-refused textarea, #lib-refused input');
    if (!box) return;
    box.value = `${big.name}\t${big.size}\t${Date.now()}`;  // a new value each time
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  document.addEventListener('change', (e) => {
    if (e.target.matches && e.target.matches('#lib-file input[type=file]')) {
      stopLarge(e, e.target.files);
    }
  }, true);
  document.addEventListener('drop', (e) => {
    if (e.target.closest && e.target.closest('#lib-file')) {
      stopLarge(e, e.dataTransfer && e.dataTransfer.files);
    }
  }, true);
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const row = e.target.closest && e.target.closest('#trainer-log tr[data-qid]');
    if (row && e.key === 'Enter') { selectRow(row); e.preventDefault(); return; }
    if (!visible(document.querySelector('#trainer-log-view')) || typing(e.target)) return;
    const key = e.key.toLowerCase();
    if (['1', '2', '3'].includes(key)) {
      if (!document.querySelector('#mark-cite input:checked')) return;
      e.preventDefault();
      choose('#mark-verdict', () => Number(key) - 1);
      // Let the radio's new value reach the page's state before the save reads it.
      setTimeout(() => document.querySelector('#mark-save').click(), 120);
    } else if (key === 'j' || key === 'k') {
      e.preventDefault();
      choose('#mark-cite', (labels) => current(labels) + (key === 'j' ? 1 : -1));
    } else if (key === 'n') {
      e.preventDefault();
      const next = document.querySelector('#next-unreviewed');
      if (next && !next.disabled) next.click();
    }
  });
}
