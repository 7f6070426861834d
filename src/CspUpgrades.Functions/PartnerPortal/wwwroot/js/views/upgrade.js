// Upgrade now: the target, the upgrade type and the quantity; the price and the accounts that move, stay or need
// manual work before Submit (when the API previews them), for today or a coming day of the billing period; Submit once per
// attempt, then follow the operation.
import { h, route, uniqueId } from '../dom.js';
import { t, label, number, day, money } from '../i18n.js';
import { getJson, request, subscriptionPath, newIdempotencyKey, ApiError, NetworkError } from '../api.js';
import { heading, breadcrumbs, notice, reasonsList, problemNotice, priceList, table, field, services } from '../components.js';
import { eligibleTargets, blockingReasons } from './subscription.js';

const TYPES = ['upgrade_with_license_transfer', 'upgrade_only'];

export async function upgradeView({ params: [customerId, subscriptionId], navigate }) {
  const [subscription, firstAnswer] = await Promise.all([
    getJson(subscriptionPath(customerId, subscriptionId)),
    getJson(subscriptionPath(customerId, subscriptionId, 'upgrades')),
  ]);
  let eligibility = firstAnswer; // replaced when another day is priced
  const name = subscription.offerName ?? subscription.offerId;
  const back = route('customers', customerId, 'subscriptions', subscriptionId);
  const top = [breadcrumbs([t('nav.customers'), '#/customers'], [customerId, route('customers', customerId)], [name, back], t('upgrade.title')),
    heading(t('upgrade.heading', { name }))];
  const targets = eligibleTargets(eligibility.items);
  if (targets.length === 0) {
    return h('section', null, top, notice('warning', h('p', null, t('eligibility.blocked')), reasonsList(blockingReasons(eligibility))));
  }

  const option = (targetId, type) => eligibility.items.find((item) => item.targetOffer.id === targetId && item.upgradeType === type);
  const state = { target: targets[0].id, type: null, attemptKey: null };

  const targetGroup = h('fieldset', null, h('legend', null, t('upgrade.target')),
    targets.map((target, index) => radio('target', target.id, target.name, index === 0)));
  const typeGroup = h('fieldset', null, h('legend', null, t('upgrade.type')));
  const quantity = h('input', { type: 'number', name: 'quantity', min: '1', step: '1', required: true });
  const quantityHint = h('p', { class: 'hint', id: uniqueId('quantity-hint') });
  const preview = h('section', { 'aria-labelledby': 'preview-title' });
  const message = h('div');
  const submit = h('button', { type: 'submit' }, t('upgrade.submit'));

  // The day the preview is priced for (CheckUpgradeEligibility's ?asOf=): today, or another day of the current billing
  // period, so a partner sees what waiting would cost. The upgrade itself takes effect the day it is submitted.
  const today = eligibility.effectiveDate;
  const period = eligibility.items.find((item) => item.preview)?.preview;
  const lastDay = period ? previousDay(period.periodEnd) : null;
  const asOf = h('input', { type: 'date', id: 'upgrade-as-of', name: 'asOf', value: today, min: period?.periodStart, max: lastDay,
    'aria-describedby': 'upgrade-as-of-hint' });
  const asOfMessage = h('div');
  const asOfField = period && today ? h('div', { class: 'field' }, h('label', { for: 'upgrade-as-of' }, t('upgrade.asOf')), asOf,
    h('p', { class: 'hint', id: 'upgrade-as-of-hint' }, t('upgrade.asOfHint', { start: day(period.periodStart), end: day(lastDay) })),
    asOfMessage) : null;

  const form = h('form', { class: 'stack', novalidate: true },
    targetGroup, typeGroup,
    h('div', { class: 'field' }, h('label', { for: 'upgrade-quantity' }, t('upgrade.quantity')), quantity, quantityHint),
    asOfField,
    preview,
    h('div', { class: 'actions' }, submit, h('a', { href: back, class: 'button secondary' }, t('common.cancel'))),
    message);
  quantity.id = 'upgrade-quantity';
  quantity.setAttribute('aria-describedby', quantityHint.id);

  function renderTypes() {
    const eligibleTypes = TYPES.filter((type) => option(state.target, type)?.isEligible);
    if (!eligibleTypes.includes(state.type)) state.type = eligibleTypes[0];
    typeGroup.replaceChildren(h('legend', null, t('upgrade.type')), ...TYPES.map((type) => {
      const item = option(state.target, type);
      const eligible = item?.isEligible === true;
      return radio('upgradeType', type, label('upgradeType', type), type === state.type, !eligible,
        h('span', { class: 'hint' }, t(`upgradeType.${type}.hint`)),
        !eligible && item ? reasonsList(item.upgradeErrors ?? []) : null);
    }));
    updateChosen();
  }

  // The type's radios stay in place (focus stays on them while the arrow keys move it); quantity and preview follow.
  function updateChosen() {
    const chosen = option(state.target, state.type);
    quantity.max = String(chosen.quantity);
    quantity.value = String(chosen.quantity);
    quantityHint.textContent = t('upgrade.quantityHint', { max: number(chosen.quantity) });
    renderPreview(preview, chosen, Number(quantity.value));
  }

  form.addEventListener('change', (event) => {
    state.attemptKey = null; // another request: a new attempt, a new key
    if (event.target.name === 'target') { state.target = event.target.value; renderTypes(); }
    if (event.target.name === 'upgradeType') { state.type = event.target.value; updateChosen(); }
  });
  quantity.addEventListener('input', () => {
    state.attemptKey = null;
    renderPreview(preview, option(state.target, state.type), Number(quantity.value));
  });

  let priced = 0; // answers to an older day than the one chosen are dropped
  let pricing = null;
  asOf.addEventListener('change', () => {
    clearTimeout(pricing);
    pricing = setTimeout(priceForDay, 300);
  });

  async function priceForDay() {
    const chosen = asOf.value || today; // a cleared field is today
    const mine = ++priced;
    let answer;
    try {
      answer = await getJson(`${subscriptionPath(customerId, subscriptionId, 'upgrades')}?${new URLSearchParams({ asOf: chosen })}`);
    } catch (error) {
      if (mine !== priced) return;
      preview.replaceChildren();
      submit.disabled = true;
      // The API refuses a day outside the period (400 naming asOf): said in the page's words, with the days it takes.
      const outside = error instanceof ApiError && error.problem.errors && 'asOf' in error.problem.errors;
      asOfMessage.replaceChildren(outside
        ? notice('error', h('p', null, t('upgrade.asOfOutsidePeriod', { start: day(period.periodStart), end: day(lastDay) })))
        : problemNotice(error));
      return;
    }
    if (mine !== priced) return;
    eligibility = answer;
    const later = (answer.effectiveDate ?? chosen) !== today;
    submit.disabled = later;
    asOfMessage.replaceChildren();
    if (later) asOfMessage.append(notice('info', h('p', null, t('upgrade.asOfNotToday', { date: day(answer.effectiveDate ?? chosen), today: day(today) }))));
    const chosenOption = option(state.target, state.type);
    if (chosenOption?.isEligible) renderPreview(preview, chosenOption, Number(quantity.value));
    else renderTypes();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const max = Number(quantity.max);
    const seats = Number(quantity.value);
    if (!Number.isInteger(seats) || seats < 1 || seats > max) {
      message.replaceChildren(notice('error', h('p', null, t('upgrade.quantityInvalid', { max: number(max) }))));
      quantity.focus();
      return;
    }
    submit.disabled = true; // a second click does nothing; a retry of this attempt reuses its key
    state.attemptKey ??= newIdempotencyKey();
    message.replaceChildren(h('p', { role: 'status' }, t('upgrade.submitting')));
    const body = { targetOffer: state.target, upgradeType: state.type };
    if (seats < subscription.quantity) body.quantity = seats;
    try {
      const operation = await (await request(subscriptionPath(customerId, subscriptionId, 'upgrades'), {
        method: 'POST', body, headers: { 'Idempotency-Key': state.attemptKey },
      })).json();
      navigate(route('operations', operation.id));
    } catch (error) {
      submit.disabled = false;
      if (!(error instanceof NetworkError)) state.attemptKey = null;
      message.replaceChildren(h('div', null, problemNotice(error), error instanceof NetworkError ? h('p', null, t('upgrade.retrySafe')) : null));
    }
  });

  renderTypes();
  return h('section', null, top, h('p', null, t('upgrade.intro')), form);
}

/** The day before an ISO day ("2027-01-01" → "2026-12-31"): a billing period's last day, its end being exclusive. */
const previousDay = (value) => new Date(Date.parse(`${value}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function radio(name, value, text, checked, disabled = false, ...extra) {
  const id = uniqueId(name);
  return h('div', { class: 'choice' },
    h('input', { type: 'radio', name, value, id, checked, disabled }),
    h('div', null, h('label', { for: id }, text), ' ', extra));
}

/** The price and the accounts, as the API previews them for this option (absent where the API has no preview). */
function renderPreview(container, item, seats) {
  const preview = item.preview;
  if (!preview) {
    container.replaceChildren();
    return;
  }
  const licenses = preview.licenses ?? {};
  const people = (users) => table(null, [t('user.name'), t('user.email'), t('user.services')],
    users.map((user) => [user.name, user.email, services(user.services)]));
  const partial = seats !== preview.quantity;
  container.replaceChildren(h('div', null,
    h('h2', { id: 'preview-title' }, t('preview.title')),
    h('p', null, t('preview.asOf', { date: day(preview.effectiveDate), count: number(preview.quantity) }), ' ',
      preview.sourceChange ? label('sourceChange', preview.sourceChange) : null),
    partial ? h('p', { class: 'notice warning' }, t('preview.otherQuantity', { count: number(preview.quantity) })) : null,
    h('p', { class: 'hint' }, t('preview.period', {
      start: day(preview.periodStart), end: day(preview.periodEnd), days: number(preview.daysRemaining), total: number(preview.daysInPeriod),
      price: money(preview.targetUnitPrice),
    })),
    priceList(preview),
    h('h3', null, t('preview.moved')), (licenses.moved ?? []).length ? people(licenses.moved) : h('p', { class: 'muted' }, t('preview.none')),
    h('h3', null, t('preview.staying')), (licenses.staying ?? []).length ? people(licenses.staying) : h('p', { class: 'muted' }, t('preview.none')),
    h('h3', null, t('preview.manualWork')),
    (licenses.licenseErrors ?? []).length
      ? licenseErrorsTable(licenses.licenseErrors)
      : h('p', { class: 'muted' }, t('preview.none'))));
}

/** Users whose licenses need manual work, each with what to do. */
export function licenseErrorsTable(licenseErrors) {
  return table(null, [t('user.name'), t('user.email'), t('user.services'), t('licenseErrors.whatToDo')],
    licenseErrors.map((user) => [user.name, user.email, services(user.services),
      h('ul', { class: 'reasons' }, (user.errors ?? []).map((error) => h('li', null, label('license', error.code, 'license.unknown'))))]));
}
