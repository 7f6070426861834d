// A customer's subscriptions, as Partner Center lists them: the information icon right after an upgradable
// subscription's name (pointing at it or focusing it shows the targets) with Upgrade now, and the reasons where the
// icon would be missing. One API call (ListSubscriptions) answers the whole list, filtered by the API itself (?status=,
// ?upgradable=) when the partner asks.
import { h, route } from '../dom.js';
import { t, label, money, number } from '../i18n.js';
import { getJson, customerPath } from '../api.js';
import { heading, breadcrumbs, reasonsList, infoIcon, table, field, problemNotice } from '../components.js';
import { eligibleTargets } from './subscription.js';

/** The filters ListSubscriptions takes, each with the values it accepts (the empty value: no filter). */
const FILTERS = {
  status: ['active', 'suspended', 'cancelled', 'pending'],
  upgradable: ['true', 'false'],
};

export async function customerView({ params: [customerId], query }) {
  const status = filterSelect('status', (value) => label('status', value));
  const upgradable = filterSelect('upgradable', (value) => t(value === 'true' ? 'customer.upgradable.true' : 'customer.upgradable.false'));
  // Only a value the select offers is kept from the address, so whatever is asked is a filter the API takes.
  status.value = query?.get('status') ?? '';
  upgradable.value = query?.get('upgradable') ?? '';
  const results = h('div');
  const shown = h('p', { class: 'muted', role: 'status' });
  let asked = 0;

  async function show() {
    const mine = ++asked;
    const filters = new URLSearchParams();
    for (const select of [status, upgradable]) if (select.value) filters.set(select.name, select.value);
    const list = await getJson(`${customerPath(customerId, 'subscriptions')}${filters.size ? `?${filters}` : ''}`);
    if (mine !== asked) return; // a newer choice is on its way
    const items = list.items ?? [];
    results.replaceChildren(items.length === 0
      ? h('p', null, t(filters.size ? 'customer.filterNone' : 'customer.noSubscriptions'))
      : table(t('customer.caption'),
        [t('customer.subscription'), t('subscription.status'), t('subscription.channel'), { number: t('subscription.quantity') }, { number: t('subscription.unitPrice') }, t('customer.upgrade')],
        items.map((item) => subscriptionRow(customerId, item))));
    shown.textContent = filters.size ? t('customer.shown', { count: number(items.length) }) : '';
    // The filters live in the address (replaced, not pushed): a reload, or Back from a subscription, shows the same list.
    history.replaceState(null, '', `${route('customers', customerId)}${filters.size ? `?${filters}` : ''}`);
  }

  const form = h('form', { class: 'filters', role: 'search', 'aria-labelledby': 'filters-title' },
    h('h2', { id: 'filters-title', class: 'visually-hidden' }, t('customer.filterTitle')),
    field(t('subscription.status'), status), field(t('customer.filterUpgradable'), upgradable),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('customer.filterApply'))), shown);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await show();
    } catch (error) {
      results.replaceChildren(problemNotice(error));
    }
  });
  await show();
  return h('section', null,
    breadcrumbs([t('nav.customers'), '#/customers'], customerId),
    heading(t('customer.heading', { customer: customerId })),
    form,
    results);
}

/** A filter's select: "All", then each value the API takes, in the page's words. */
function filterSelect(name, text) {
  return h('select', { name },
    h('option', { value: '' }, t('customer.filterAll')),
    FILTERS[name].map((value) => h('option', { value }, text(value))));
}

function subscriptionRow(customerId, item) {
  const name = item.offerName ?? item.offerId;
  const detail = route('customers', customerId, 'subscriptions', item.id);
  const upgrade = item.upgrade ?? { isAvailable: false, options: [], upgradeErrors: [] };
  const nameCell = h('div', { class: 'name-row' }, h('a', { href: detail }, name));
  let upgradeCell;
  if (upgrade.isAvailable) {
    nameCell.append(infoIcon(name, eligibleTargets(upgrade.options).map((target) => target.name)));
    upgradeCell = h('a', { class: 'button', href: route('customers', customerId, 'subscriptions', item.id, 'upgrade'),
      'aria-label': t('customer.upgradeNowFor', { name, id: item.id }) }, t('eligibility.upgradeNow'));
  } else if (upgrade.isBlocked) {
    upgradeCell = h('div', null, h('span', { class: 'badge blocked' }, t('eligibility.blockedBadge')), reasonsList(upgrade.upgradeErrors ?? []));
  } else {
    upgradeCell = h('span', { class: 'badge neutral' }, t('customer.noUpgrades'));
  }
  return [
    h('div', null, nameCell, h('small', { class: 'detail' }, item.id)),
    h('span', { class: `badge ${item.status === 'active' ? 'ok' : 'blocked'}` }, label('status', item.status)),
    item.channelPartnerName ? `${label('channel', item.channel)} (${item.channelPartnerName})` : label('channel', item.channel),
    { number: number(item.quantity) },
    { number: `${money(item.unitPrice)} ${label('billingCycle', item.billingCycle)}` },
    upgradeCell,
  ];
}
