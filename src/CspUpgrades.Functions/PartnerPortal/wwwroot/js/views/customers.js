// Customers: open one by its id (the paged customer list joins this view when the API lists customers).
import { h, route } from '../dom.js';
import { t } from '../i18n.js';
import { heading, field } from '../components.js';

export function customersView({ navigate }) {
  return h('section', null, heading(t('customers.title')), lookupForm(navigate));
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
