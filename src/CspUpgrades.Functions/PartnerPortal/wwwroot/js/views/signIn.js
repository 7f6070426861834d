// Sign in with the partner's API key. The key is checked with one API call before it is kept (sessionStorage only).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { request, ApiError } from '../api.js';
import { signIn, signOut } from '../session.js';
import { heading, field, notice, problemNotice } from '../components.js';

export function signInView({ navigate, reason }) {
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', spellcheck: 'false', required: true });
  const message = h('div', null, reason ? notice('warning', h('p', null, t(reason))) : null);
  const submit = h('button', { type: 'submit' }, t('signIn.submit'));
  const form = h('form', { class: 'stack', method: 'post', novalidate: true },
    field(t('signIn.keyLabel'), key, t('signIn.keyHint')), h('div', { class: 'actions' }, submit), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = key.value.trim();
    if (value === '') {
      message.replaceChildren(notice('error', h('p', null, t('signIn.keyMissing'))));
      key.focus();
      return;
    }
    submit.disabled = true;
    signIn(value);
    try {
      // Any partner call proves the key: an audit that has not run yet (404) is a valid key too.
      await request('audits/latest').catch((error) => { if (!(error instanceof ApiError && error.status === 404)) throw error; });
      key.value = '';
      navigate(location.hash && location.hash !== '#/' ? location.hash : '#/customers');
    } catch (error) {
      signOut();
      submit.disabled = false;
      message.replaceChildren(error instanceof ApiError && error.status === 401
        ? notice('error', h('p', null, t('signIn.keyRejected')))
        : problemNotice(error));
      key.focus();
    }
  });
  return h('section', null, heading(t('signIn.title')), h('p', null, t('signIn.intro')), form);
}
