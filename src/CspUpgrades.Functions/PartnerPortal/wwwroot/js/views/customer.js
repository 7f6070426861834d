// A customer's subscriptions, as Partner Center lists them: the information icon right after an upgradable
// subscription's name (pointing at it or focusing it shows the targets) with Upgrade now, and the reasons where the
// icon would be missing. One API call (ListSubscriptions) answers the whole list.
import { h, route } from '../dom.js';
import { t, label, money, number } from '../i18n.js';
import { getJson, customerPath } from '../api.js';
import { heading, breadcrumbs, reasonsList, infoIcon, table } from '../components.js';
import { eligibleTargets } from './subscription.js';

export async function customerView({ params: [customerId] }) {
  const list = await getJson(customerPath(customerId, 'subscriptions'));
  const items = list.items ?? [];
  return h('section', null,
    breadcrumbs([t('nav.customers'), '#/customers'], customerId),
    heading(t('customer.heading', { customer: customerId })),
    items.length === 0
      ? h('p', null, t('customer.noSubscriptions'))
      : table(t('customer.caption'),
        [t('customer.subscription'), t('subscription.status'), t('subscription.channel'), { number: t('subscription.quantity') }, { number: t('subscription.unitPrice') }, t('customer.upgrade')],
        items.map((item) => subscriptionRow(customerId, item))));
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
