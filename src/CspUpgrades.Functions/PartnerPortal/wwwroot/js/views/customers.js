// Customers: the partner's customers, a page at a time (ListCustomers), each with how many of its subscriptions can be
// upgraded or are blocked; and a customer opened by its id. Where the API has no customer list, only the latter shows.
import { h, route } from '../dom.js';
import { t, number, instant } from '../i18n.js';
import { getJson, ApiError } from '../api.js';
import { heading, field, table, notice, problemNotice } from '../components.js';

const PAGE_SIZE = 20;

export async function customersView({ navigate }) {
  const list = await customerList();
  return h('section', null, heading(t('customers.title')), list, lookupForm(navigate));
}

async function customerList() {
  const tokens = [null]; // the continuation token of each page seen (the first page has none)
  let index = 0;
  let busy = false;
  const rows = h('div');
  const message = h('div');
  const status = h('p', { class: 'muted', role: 'status' });
  const previous = h('button', { type: 'button', class: 'secondary' }, t('customers.previous'));
  const next = h('button', { type: 'button', class: 'secondary' }, t('customers.next'));

  async function show(page) {
    const query = new URLSearchParams({ top: String(PAGE_SIZE) });
    if (tokens[page]) query.set('continuationToken', tokens[page]);
    const answer = await getJson(`customers?${query}`);
    index = page;
    const items = answer.items ?? [];
    // A full last page may still carry a token; the page after it is then empty, and the list ends there.
    tokens[page + 1] = items.length > 0 ? answer.continuationToken ?? null : null;
    rows.replaceChildren(items.length === 0
      ? h('p', null, t(page === 0 ? 'customers.none' : 'customers.noMore'))
      : table(t('customers.caption'),
        [t('customers.name'), t('customers.country'), { number: t('customers.subscriptions') }, { number: t('customers.upgradable') },
          { number: t('customers.blocked') }, t('customers.updated')],
        items.map((customer) => [
          h('div', null, h('a', { href: route('customers', customer.id) }, customer.name || customer.id),
            customer.name && customer.name !== customer.id ? [h('br'), h('small', { class: 'detail' }, customer.id)] : null),
          customer.country ?? '–',
          { number: number(customer.subscriptionCount ?? 0) },
          { number: number(customer.upgradableCount ?? 0) },
          { number: number(customer.blockedCount ?? 0) },
          instant(customer.summaryUpdatedAt),
        ])));
    previous.disabled = page === 0;
    next.disabled = !tokens[page + 1];
    status.textContent = t('customers.page', { page: number(page + 1) });
  }

  /** Another page, by the pager: a press while one loads is ignored, and the focus stays on the pager when its button goes. */
  async function go(page) {
    if (busy) return;
    busy = true;
    message.replaceChildren();
    try {
      await show(page);
    } catch (error) {
      // A token the API no longer takes (400 naming continuationToken): the way on is from the first page.
      if (error instanceof ApiError && error.problem.errors && 'continuationToken' in error.problem.errors) {
        tokens.length = 1;
        previous.disabled = true;
        next.disabled = true;
        const first = h('button', { type: 'button', class: 'secondary', onclick: () => go(0) }, t('customers.first'));
        message.replaceChildren(notice('warning', h('p', null, t('error.invalid_continuation_token')), first));
        first.focus();
      } else {
        message.replaceChildren(problemNotice(error));
      }
    } finally {
      busy = false;
    }
    const focused = document.activeElement;
    if (!focused || focused === document.body || focused.disabled) {
      (!next.disabled ? next : !previous.disabled ? previous : rows.querySelector('a'))?.focus();
    }
  }

  previous.addEventListener('click', () => go(index - 1));
  next.addEventListener('click', () => go(index + 1));
  try {
    await show(0);
  } catch (error) {
    // An API without the customer list (404 on its route): opening a customer by id still works.
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
  return h('div', null, rows, h('div', { class: 'pager' }, previous, next, status), message);
}

/** Open a customer's subscription list by the customer's id. */
export function lookupForm(navigate) {
  const customer = h('input', { type: 'text', name: 'customerId', autocomplete: 'off', required: true, pattern: '[A-Za-z0-9._\\-]{1,64}' });
  const form = h('form', { class: 'stack', 'aria-labelledby': 'lookup-title' },
    h('h2', { id: 'lookup-title' }, t('lookup.title')),
    field(t('lookup.customerId'), customer, t('lookup.hint')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('lookup.open'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    navigate(route('customers', customer.value.trim()));
  });
  return form;
}
