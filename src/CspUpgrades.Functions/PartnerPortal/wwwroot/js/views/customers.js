// Customers: the partner's customers, a page at a time (ListCustomers), each with how many of its subscriptions can be
// upgraded or are blocked; and a customer opened by its id. Where the API has no customer list, only the latter shows.
import { h, route } from '../dom.js';
import { t, number, instant } from '../i18n.js';
import { getJson, ApiError } from '../api.js';
import { heading, field, table } from '../components.js';

const PAGE_SIZE = 20;

export async function customersView({ navigate }) {
  const list = await customerList();
  return h('section', null, heading(t('customers.title')), list, lookupForm(navigate));
}

async function customerList() {
  const tokens = [null]; // the continuation token of each page seen (the first page has none)
  let index = 0;
  const rows = h('div');
  const status = h('p', { class: 'muted', role: 'status' });
  const previous = h('button', { type: 'button', class: 'secondary' }, t('customers.previous'));
  const next = h('button', { type: 'button', class: 'secondary' }, t('customers.next'));

  async function show(page) {
    const query = new URLSearchParams({ top: String(PAGE_SIZE) });
    if (tokens[page]) query.set('continuationToken', tokens[page]);
    const answer = await getJson(`customers?${query}`);
    index = page;
    tokens[page + 1] = answer.continuationToken ?? null;
    const items = answer.items ?? [];
    rows.replaceChildren(items.length === 0 && page === 0
      ? h('p', null, t('customers.none'))
      : table(t('customers.caption'),
        [t('customers.name'), t('customers.country'), { number: t('customers.subscriptions') }, { number: t('customers.upgradable') },
          { number: t('customers.blocked') }, t('customers.updated')],
        items.map((customer) => [
          h('div', null, h('a', { href: route('customers', customer.id) }, customer.name || customer.id), h('br'),
            h('small', { class: 'detail' }, customer.id)),
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

  previous.addEventListener('click', () => show(index - 1));
  next.addEventListener('click', () => show(index + 1));
  try {
    await show(0);
  } catch (error) {
    // An API without the customer list (404 on its route): opening a customer by id still works.
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
  return h('div', null, rows, h('div', { class: 'pager' }, previous, next, status));
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
