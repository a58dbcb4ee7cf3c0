// The chat page's scripts: loaded once (Blocks.launch js=...), used by the Gradio events.
() => {
  const retry = (fn, tries = 400) => {
    let n = 0;
    const tick = () => { if (!fn() && n++ < tries) setTimeout(tick, 75); };  // 400: 30 s
    tick();
  };
  const scroller = (el) => {
    let box = el.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight + 2 &&
                     /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
      box = box.parentElement;
    }
    return box;
  };
  window.ragChat = {
    // A new answer is read from its start (its question and 理解为), not its end: scroll the
    // chat so that the newest question is at the top, under the chat's trash icon (which
    // stays at the top right, where a question's bubble ends). (After a reload, the same for
    // the conversation restored, if any: ``tries`` bounds the wait for it.)
    showNewAnswer: (count, tries) => retry(() => {
      const questions = document.querySelectorAll('#chat [data-testid=user]');
      if (!questions.length || (count && questions.length < count)) return false;
      const question = questions[questions.length - 1];
      const box = scroller(question);
      if (box) {
        const top = box.getBoundingClientRect().top;
        const icons = document.querySelector('#chat .top-panel');
        const clear = icons ? Math.max(8, icons.getBoundingClientRect().bottom - top + 8) : 8;
        const bubble = question.closest('.message-row') || question;
        let target = bubble.getBoundingClientRect().top;
        // A question taller than half the chat (a pasted page) would push its answer out of
        // sight: show the answer's start instead, under the question's last lines.
        const rows = [...document.querySelectorAll('#chat .message-row')];
        const at = rows.indexOf(bubble);
        const answer = at < 0 ? null : rows.slice(at + 1)
          .find((row) => row.querySelector('[data-testid=bot]'));
        const QUESTION_TAIL = 48;  // px of the question's last lines left in view above it
        if (answer && bubble.getBoundingClientRect().height > box.clientHeight / 2) {
          target = answer.getBoundingClientRect().top - QUESTION_TAIL;
        }
        box.scrollTop += target - top - clear;
      }
      return true;
    }, tries),
  };
  // Gradio labels each message "bot's message: " and its raw text, markup and all: a screen
  // reader should hear what the page shows, in its language. So too the English of labels
  // Gradio does not translate.
  const SPOKEN = {'chatbot conversation': '对话记录', 'More tabs': '更多标签页',
                  'Empty value': '空白'};
  let pending = false;
  const relabel = () => {
    pending = false;
    for (const [english, chinese] of Object.entries(SPOKEN)) {
      for (const el of document.querySelectorAll(`[aria-label="${english}"]`)) {
        el.setAttribute('aria-label', chinese);
      }
    }
    const labelled = '#chat [aria-label*="\'s message: "], #chat [data-role]';
    for (const el of document.querySelectorAll(labelled)) {
      if (!el.dataset.role) {
        el.dataset.role = el.getAttribute('aria-label').startsWith('user') ? '问题' : '回答';
      }
      const label = `${el.dataset.role}：${el.textContent.trim().slice(0, 500)}`;
      if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
    }
  };
  retry(() => {
    const page = document.querySelector('.gradio-container');
    if (!page || !document.querySelector('#chat')) return false;
    // once a frame at most, however many changes a streamed answer makes
    new MutationObserver(() => {
      if (!pending) { pending = true; requestAnimationFrame(relabel); }
    }).observe(page, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ['aria-label'],
    });
    relabel();
    return true;
  });
  // A double click on 提问 (or Enter pressed twice) asks once: the second would reach the
  // server after the answer has emptied the box, as an empty question (问题不能为空). A send
  // within a moment of a question sent, with nothing typed since, is dropped before Gradio
  // sees it (capture phase, on the window).
  let sentAt = 0, typed = true, asked = false;
  const sends = (e) => e.type === 'click'
    ? !!(e.target.closest && e.target.closest('#ask'))
    : e.key === 'Enter' && !e.shiftKey && !e.isComposing &&
      !!(e.target.closest && e.target.closest('#question'));
  const once = (e) => {
    if (!sends(e)) return;
    if (asked && !typed && Date.now() - sentAt < 1500) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    const box = document.querySelector('#question textarea');
    asked = !!(box && box.value.trim());
    sentAt = Date.now();
    typed = false;
  };
  window.addEventListener('click', once, true);
  window.addEventListener('keydown', once, true);
  window.addEventListener('input', (e) => {
    if (e.target.closest && e.target.closest('#question')) typed = true;
  }, true);
  // The quote of point n stands out from the other quotes of its paragraph.
  const single = (root, n) => {
    for (const m of root.querySelectorAll('mark.quote')) {
      m.classList.toggle('is-current', m.dataset.n === n);
    }
  };
  // A paragraph picked in the list is not one point: no quote of it is singled out.
  document.addEventListener('click', (e) => {
    if (!e.isTrusted || !(e.target.closest && e.target.closest('#citations label'))) return;
    for (const m of document.querySelectorAll('#sources mark.is-current')) {
      m.classList.remove('is-current');
    }
  });
  // [n] in an answer selects that citation, once the sources panel shows that answer (which
  // the click on the message itself brings about), scrolls its card into view and singles out
  // its quote, in the card and in the essay opened below.
  document.addEventListener('click', (e) => {
    const ref = e.target.closest && e.target.closest('#chat .cite-ref');
    if (!ref) return;
    const cls = (prefix) => [...ref.classList].find((c) => c.startsWith(prefix)).slice(prefix.length);
    const key = cls('ans-'), n = cls('ref-');
    retry(() => {
      const box = document.querySelector(`#sources .sources-box[data-answer="${key}"]`);
      if (!box) return false;
      const cards = [...box.querySelectorAll('.card')];
      const i = cards.findIndex((c) => c.dataset.n.split(' ').includes(n));
      if (i < 0) return true;
      const labels = document.querySelectorAll('#citations label');
      // The card (its paragraph, the quote marked) is what [n] shows: the essay it opens
      // below leaves the page where it is (SCROLL_TO_CITED reads the flag once).
      if (labels[i] && !labels[i].querySelector('input:checked')) {
        window.ragChat.cardShown = true;
        labels[i].click();
      }
      cards[i].scrollIntoView({block: 'nearest'});
      single(box, n);
      cards[i].classList.add('flash');
      setTimeout(() => cards[i].classList.remove('flash'), 1600);
      // The essay shows the paragraph once the server has sent it (at once if it already did).
      retry(() => {
        const cited = document.querySelector('#essay-view .cited');
        if (!cited || !cited.querySelector(`mark.quote[data-n="${n}"]`)) return false;
        single(cited, n);
        return true;
      }, 80);
      return true;
    });
  });
}
