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
  // The citation a key press will mark is outlined in the detail too (the radios are below
  // it): its card, in the same order as the radios, follows the checked one.
  let shown = -1;
  setInterval(() => {
    const i = current([...document.querySelectorAll('#mark-cite label')]);
    const cards = [...document.querySelectorAll('#trainer-detail .mark-card')];
    cards.forEach((c, k) => c.classList.toggle('is-current', k === i));
    if (i !== shown && cards[i] && visible(cards[i])) {
      cards[i].scrollIntoView({block: 'nearest'});
    }
    shown = i;
  }, 250);
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
