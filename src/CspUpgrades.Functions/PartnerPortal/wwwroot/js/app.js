// The partner page: a hash router over views that call the public API. Routes hold ids only; the key never enters a URL.
import { h } from './dom.js';
import { t, useLanguage, preferredLanguage, language } from './i18n.js';
import { ApiError } from './api.js';
import { signedIn, signOut } from './session.js';
import { heading, problemNotice } from './components.js';
import { signInView } from './views/signIn.js';
import { customersView } from './views/customers.js';
import { customerView } from './views/customer.js';
import { subscriptionView } from './views/subscription.js';
import { upgradeView } from './views/upgrade.js';
import { operationView } from './views/operation.js';
import { auditView } from './views/audit.js';

const routes = [
  [/^#\/customers\/([^/]+)\/subscriptions\/([^/]+)\/upgrade$/, upgradeView, 'upgrade.title'],
  [/^#\/customers\/([^/]+)\/subscriptions\/([^/]+)$/, subscriptionView, 'subscription.title'],
  [/^#\/operations\/([^/]+)$/, operationView, 'operation.title'],
  [/^#\/customers\/([^/]+)$/, customerView, 'customer.title'],
  [/^#\/audit$/, auditView, 'audit.title'],
  [/^#\/(customers)?$/, customersView, 'customers.title'],
];

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
let current = null; // the view on screen: its AbortController (polls stop when it goes)
let signOutReason = null;

/** The view for a hash: its path picks the view and its ids; what follows "?" is the view's own state (a list's filters). */
function match(hash) {
  const [path, search = ''] = (hash || '#/').split(/\?(.*)/s, 2);
  const query = new URLSearchParams(search);
  for (const [pattern, view, title] of routes) {
    const found = pattern.exec(path);
    if (found) return { view, title, query, params: found.slice(1).map((value) => (value === undefined ? value : decodeURIComponent(value))) };
  }
  return { view: notFoundView, title: 'notFound.title', params: [], query };
}

const notFoundView = () => h('section', null, heading(t('notFound.title')), h('p', null, h('a', { href: '#/customers' }, t('nav.customers'))));

function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

async function render({ flash = null, keepFocus = false } = {}) {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  updateShell();

  const route = signedIn() ? match(location.hash) : { view: signInView, title: 'signIn.title', params: [] };
  document.title = `${t(route.title)} · ${t('shell.product')}`;
  main.setAttribute('aria-busy', 'true');
  let node;
  try {
    node = await route.view({
      params: route.params, query: route.query, navigate, signal: controller.signal, flash, reason: signOutReason,
      rerender: (message) => render({ flash: message ?? null }),
    });
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof ApiError && error.status === 401) {
      // The key stopped working (revoked, or a typo that slipped through): back to sign-in, saying why.
      signOut();
      signOutReason = 'signIn.keyRejected';
      render();
      return;
    }
    node = h('section', null, heading(t('error.title')), problemNotice(error));
  }
  if (controller.signal.aborted) return;
  signOutReason = null;
  main.removeAttribute('aria-busy');
  main.replaceChildren(node);
  announcer.textContent = document.title;
  if (!keepFocus) (main.querySelector('h1') ?? main).focus();
}

function updateShell() {
  const inside = signedIn();
  document.getElementById('nav').hidden = !inside;
  document.getElementById('sign-out').hidden = !inside;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  document.getElementById('language').value = language();
}

async function start() {
  await useLanguage(preferredLanguage());
  document.getElementById('language').addEventListener('change', async (event) => {
    await useLanguage(event.target.value, { remember: true });
    await render({ keepFocus: true });
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    signOut();
    navigate('#/');
  });
  window.addEventListener('hashchange', () => render());
  await render({ keepFocus: true });
}

start();
