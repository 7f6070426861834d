// One subscription: the information icon after its name when it can be upgraded (pointing at it or focusing it shows
// the targets), the reasons where the icon would be when it cannot, its facts and users, and adding licenses.
import { h, route } from '../dom.js';
import { t, label, money, number, day } from '../i18n.js';
import { getJson, request, subscriptionPath, newIdempotencyKey, ApiError, NetworkError } from '../api.js';
import { heading, breadcrumbs, notice, reasonsList, problemNotice, infoIcon, table, field, services } from '../components.js';
import { historySection } from './history.js';

/** Distinct eligible targets of an eligibility answer, in the API's order. */
export function eligibleTargets(items) {
  const seen = new Map();
  for (const item of items ?? []) if (item.isEligible && !seen.has(item.targetOffer.id)) seen.set(item.targetOffer.id, item.targetOffer);
  return [...seen.values()];
}

/** Every reason nothing can be upgraded (the answer's own and each option's), each once. */
export function blockingReasons(eligibility) {
  const all = [...(eligibility.upgradeErrors ?? []), ...(eligibility.items ?? []).flatMap((item) => item.upgradeErrors ?? [])];
  const seen = new Set();
  return all.filter((error) => {
    const key = `${error.code}|${error.additionalDetails ?? ''}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export async function subscriptionView({ params: [customerId, subscriptionId], navigate, rerender, flash }) {
  const [subscription, eligibility, history] = await Promise.all([
    getJson(subscriptionPath(customerId, subscriptionId)),
    getJson(subscriptionPath(customerId, subscriptionId, 'upgrades')),
    historySection(customerId, subscriptionId),
  ]);
  const name = subscription.offerName ?? subscription.offerId;
  const targets = eligibleTargets(eligibility.items);

  const nameRow = h('div', { class: 'name-row' }, heading(name));
  let upgradeSection;
  if (targets.length > 0) {
    nameRow.append(infoIcon(name, targets.map((target) => target.name)));
    upgradeSection = h('div', { class: 'actions' },
      h('a', { class: 'button', href: route('customers', customerId, 'subscriptions', subscriptionId, 'upgrade') }, t('eligibility.upgradeNow')));
  } else {
    nameRow.append(h('span', { class: 'badge blocked' }, t('eligibility.blockedBadge')));
    upgradeSection = notice('warning', h('p', null, t('eligibility.blocked')), reasonsList(blockingReasons(eligibility)));
  }

  return h('section', null,
    breadcrumbs([t('nav.customers'), '#/customers'], [customerId, route('customers', customerId)], name),
    nameRow,
    h('p', { class: 'muted' }, t('subscription.idLine', { id: subscription.id, customer: customerId })),
    flash ? notice('success', h('p', null, flash)) : null,
    upgradeSection,
    facts(subscription),
    optionsTable(eligibility),
    usersTable(subscription),
    addLicensesForm(customerId, subscription, rerender),
    history);
}

function facts(subscription) {
  const row = (term, value) => [h('dt', null, term), h('dd', null, value)];
  return h('dl', { class: 'facts' },
    row(t('subscription.status'), h('span', { class: `badge ${subscription.status === 'active' ? 'ok' : 'blocked'}` }, label('status', subscription.status))),
    row(t('subscription.channel'), subscription.channelPartnerName
      ? `${label('channel', subscription.channel)} (${subscription.channelPartnerName})` : label('channel', subscription.channel)),
    row(t('subscription.quantity'), number(subscription.quantity)),
    row(t('subscription.assignedSeats'), number(subscription.assignedSeats)),
    row(t('subscription.unitPrice'), `${money(subscription.unitPrice)} · ${label('billingCycle', subscription.billingCycle)}`),
    row(t('subscription.term'), t('subscription.termRange', { start: day(subscription.termStart), end: day(subscription.termEnd) })));
}

function optionsTable(eligibility) {
  if ((eligibility.items ?? []).length === 0) return null;
  const byTarget = new Map();
  for (const item of eligibility.items) {
    const row = byTarget.get(item.targetOffer.id) ?? { name: item.targetOffer.name, types: {} };
    row.types[item.upgradeType] = item;
    byTarget.set(item.targetOffer.id, row);
  }
  const cell = (item) => (!item ? '–' : item.isEligible
    ? h('span', { class: 'badge ok' }, t('eligibility.eligible'))
    : h('div', null, h('span', { class: 'badge blocked' }, t('eligibility.notEligible')), reasonsList(item.upgradeErrors ?? [])));
  return h('div', null, h('h2', null, t('eligibility.optionsTitle')),
    table(null, [t('eligibility.target'), label('upgradeType', 'upgrade_with_license_transfer'), label('upgradeType', 'upgrade_only')],
      [...byTarget.values()].map((row) => [row.name, cell(row.types.upgrade_with_license_transfer), cell(row.types.upgrade_only)])));
}

function usersTable(subscription) {
  const users = subscription.assignedUsers ?? [];
  return h('div', null, h('h2', null, t('subscription.usersTitle')),
    users.length === 0
      ? h('p', { class: 'muted' }, t('subscription.noUsers'))
      : table(null, [t('user.name'), t('user.email'), t('user.services')], users.map((user) => [user.name, user.email, services(user.services)])));
}

/** Add licenses: If-Match with the version read (a 412 means someone changed it meanwhile), one Idempotency-Key per attempt. */
function addLicensesForm(customerId, subscription, rerender) {
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', max: '10000', step: '1', value: '1', required: true });
  const submit = h('button', { type: 'submit' }, t('licenses.submit'));
  const message = h('div');
  const preview = h('div', { 'aria-live': 'polite' });
  let attemptKey = null;
  const showPreview = previewer(customerId, subscription, preview);
  quantity.addEventListener('input', () => {
    attemptKey = null;
    showPreview(quantity.value);
  });
  const form = h('form', { class: 'stack', 'aria-labelledby': 'licenses-title' },
    h('h2', { id: 'licenses-title' }, t('licenses.title')),
    field(t('licenses.quantity'), quantity, t('licenses.hint')),
    preview,
    h('div', { class: 'actions' }, submit), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled || !form.reportValidity()) return;
    submit.disabled = true;
    attemptKey ??= newIdempotencyKey();
    try {
      const response = await request(subscriptionPath(customerId, subscription.id, 'licenses'), {
        method: 'POST', body: { quantity: Number(quantity.value) },
        headers: { 'If-Match': `"${subscription.version}"`, 'Idempotency-Key': attemptKey },
      });
      const answer = await response.json();
      rerender(t('licenses.added', { count: number(answer.charge.quantity), charge: money(answer.charge.amount), quantity: number(answer.subscription.quantity) }));
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiError && error.status === 412) {
        message.replaceChildren(notice('warning', h('p', null, t('licenses.changedMeanwhile')),
          h('button', { type: 'button', class: 'secondary', onclick: () => rerender() }, t('licenses.reload'))));
      } else {
        if (!(error instanceof NetworkError)) attemptKey = null;
        message.replaceChildren(problemNotice(error));
      }
    }
  });
  if (subscription.status !== 'active' || subscription.channel !== 'this_partner') {
    submit.disabled = true;
    quantity.disabled = true;
    message.append(h('p', { class: 'hint' }, t('licenses.notPossible')));
  } else {
    showPreview(quantity.value);
  }
  return form;
}

/**
 * What adding that many licenses would charge, asked of the API (PreviewAddLicenses, nothing committed) as the number
 * changes; an answer to an older number is dropped. Where the API has no preview route, nothing is shown.
 */
function previewer(customerId, subscription, container) {
  let asked = 0;
  let timer = null;
  return (value) => {
    clearTimeout(timer);
    const seats = Number(value);
    if (!Number.isInteger(seats) || seats < 1 || seats > 10000) {
      container.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++asked;
      let answer;
      try {
        answer = await getJson(`${subscriptionPath(customerId, subscription.id, 'licenses', 'preview')}?quantity=${seats}`);
      } catch {
        if (mine === asked) container.replaceChildren();
        return;
      }
      if (mine !== asked) return;
      container.replaceChildren(answer.isAllowed && answer.charge
        ? h('p', { class: 'notice' }, t('licenses.preview', {
          count: number(answer.quantity), before: number(answer.quantityBefore), after: number(answer.quantityAfter),
          charge: money(answer.charge.amount), days: number(answer.charge.daysRemaining), total: number(answer.charge.daysInPeriod),
        }))
        : h('div', { class: 'notice warning' }, h('p', null, t('licenses.previewRefused')), reasonsList(answer.upgradeErrors ?? [])));
    }, 250);
  };
}
