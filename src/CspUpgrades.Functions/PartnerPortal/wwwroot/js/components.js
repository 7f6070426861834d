// Pieces several views share: headings, notices, reasons, the information icon, the price.
import { h, append, uniqueId } from './dom.js';
import { t, label, money, has } from './i18n.js';
import { ApiError, NetworkError } from './api.js';

/** The view's heading; the router focuses it after each navigation, so a screen reader hears where it is. */
export const heading = (text) => h('h1', { tabindex: '-1' }, text);

/** Where the view sits: [[text, href], …, text]. */
export function breadcrumbs(...items) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': t('nav.breadcrumbs') },
    h('ol', null, items.map((item, index) => h('li', null,
      Array.isArray(item) ? h('a', { href: item[1] }, item[0]) : h('span', { 'aria-current': index === items.length - 1 ? 'page' : null }, item)))));
}

export const notice = (kind, ...children) =>
  h('div', { class: `notice ${kind}`, role: kind === 'error' || kind === 'warning' ? 'alert' : 'status' }, children);

/**
 * The reasons the API gave ({code, description, additionalDetails}), translated by code. additionalDetails is the API's
 * own text (ids, names; English), shown as such and marked as English for screen readers.
 */
export function reasonsList(errors) {
  return h('ul', { class: 'reasons' }, errors.map((error) => h('li', null,
    label('reason', error.code, 'reason.unknown'),
    error.additionalDetails ? [' ', h('small', { lang: 'en' }, `(${error.additionalDetails})`)] : null)));
}

/** What went wrong, from the problem's stable `code` (never its English detail), with every reason it listed. */
export function problemNotice(error) {
  if (error instanceof NetworkError) return notice('error', h('p', null, t('error.network')));
  if (!(error instanceof ApiError)) return notice('error', h('p', null, t('error.unexpected')));
  // A refusal whose code is one of its reasons (AddLicenses' 409 seat_limit_exceeded, …) is told by the reasons below it.
  const text = error.code && has(`error.${error.code}`) ? t(`error.${error.code}`)
    : error.code && has(`reason.${error.code}`) ? t('error.refused')
      : t('error.unknown', { status: error.status });
  const reasons = error.upgradeErrors;
  return notice('error', h('p', null, text), reasons.length > 0 ? reasonsList(reasons) : null);
}

/**
 * The information icon right after an upgradable subscription's name (Partner Center's cue): pointing at it or focusing it
 * shows the targets; Escape hides them again.
 */
export function infoIcon(subscriptionName, targetNames) {
  const tipId = uniqueId('targets');
  const wrapper = h('span', { class: 'info-tip' });
  const button = h('button', {
    type: 'button', class: 'info-icon', 'aria-describedby': tipId,
    'aria-label': t('eligibility.iconLabel', { name: subscriptionName }),
    onkeydown: (event) => { if (event.key === 'Escape') wrapper.classList.add('dismissed'); },
    onblur: () => wrapper.classList.remove('dismissed'),
    onclick: () => wrapper.classList.toggle('dismissed'),
  }, 'i');
  wrapper.addEventListener('mouseleave', () => wrapper.classList.remove('dismissed'));
  const tip = h('span', { role: 'tooltip', id: tipId, class: 'tooltip' },
    t('eligibility.canUpgradeTo'), h('ul', null, targetNames.map((name) => h('li', null, name))));
  return append(wrapper, [button, tip]);
}

/** credit, charge and net of a preview or an operation. */
export function priceList({ credit, charge, net }) {
  return h('dl', { class: 'price' },
    credit ? [h('dt', null, t('price.credit')), h('dd', null, money(credit))] : null,
    charge ? [h('dt', null, t('price.charge')), h('dd', null, money(charge))] : null,
    net ? [h('dt', { class: 'net' }, t('price.net')), h('dd', { class: 'net' }, money(net))] : null);
}

/** A table with a caption and a header row; rows are arrays of cells (text or nodes; {number: x} aligns right). */
export function table(caption, headers, rows) {
  const cell = (tag, value) => (value && typeof value === 'object' && 'number' in value
    ? h(tag, { class: 'number' }, value.number)
    : h(tag, null, value));
  return h('table', null,
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col', class: header.number ? 'number' : null }, header.number ?? header)))),
    h('tbody', null, rows.map((row) => h('tr', null, row.map((value) => cell('td', value))))));
}

/** A labelled input with an optional hint, wired for screen readers. */
export function field(labelText, input, hintText) {
  const id = input.id || uniqueId('field');
  input.id = id;
  const hint = hintText ? h('p', { class: 'hint', id: `${id}-hint` }, hintText) : null;
  if (hint) input.setAttribute('aria-describedby', hint.id);
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hint);
}

/** The services of a user, translated. */
export const services = (kinds) => (kinds ?? []).map((kind) => label('service', kind, 'common.unknownValue')).join(', ');
