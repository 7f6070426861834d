// An upgrade followed live: queued → running → succeeded | failed (polling as the API's Retry-After says), then the
// billing lines and the accounts that need their licenses reassigned, with the source documents' guidance.
import { h, route } from '../dom.js';
import { t, label, money, number, day, instant } from '../i18n.js';
import { request } from '../api.js';
import { heading, breadcrumbs, notice, reasonsList, table } from '../components.js';
import { licenseErrorsTable } from './upgrade.js';

/** The knowledge base article the source documents point to for reassigning licenses while switching plans. */
export const LICENSE_GUIDANCE_URL = 'https://go.microsoft.com/fwlink/p/?LinkId=723576';

export async function operationView({ params: [operationId], signal }) {
  const body = h('div');
  const live = h('p', { role: 'status', 'aria-live': 'polite' });
  let operation = await read(operationId, signal);
  const section = h('section', null,
    breadcrumbs([t('nav.customers'), '#/customers'], [operation.customerId, route('customers', operation.customerId)], t('operation.title')),
    heading(t('operation.title')), live, body);
  render(operation, live, body);
  // Follow it in the background; the view is already shown.
  (async () => {
    while (!signal.aborted && (operation.status === 'queued' || operation.status === 'running')) {
      await sleep(operation.retryAfter * 1000, signal);
      if (signal.aborted) return;
      try {
        operation = await read(operationId, signal);
        render(operation, live, body);
      } catch (error) {
        if (signal.aborted) return;
        live.textContent = t('operation.pollFailed');
        await sleep(4000, signal);
      }
    }
  })();
  return section;
}

async function read(operationId, signal) {
  const response = await request(`operations/${encodeURIComponent(operationId)}`, { signal });
  const operation = await response.json();
  const retryAfter = Number(response.headers.get('Retry-After'));
  operation.retryAfter = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) : 2;
  return operation;
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

function render(operation, live, body) {
  live.textContent = t('operation.statusLine', { status: label('operationStatus', operation.status) });
  const result = operation.result;
  const source = route('customers', operation.customerId, 'subscriptions', operation.sourceSubscriptionId);
  const row = (term, value) => [h('dt', null, term), h('dd', null, value)];
  const children = [
    h('dl', { class: 'facts' },
      row(t('operation.id'), operation.id),
      row(t('operation.customer'), operation.customerId),
      row(t('operation.source'), h('a', { href: source }, operation.sourceSubscriptionId)),
      row(t('operation.targetOffer'), operation.targetOffer),
      row(t('operation.type'), label('upgradeType', operation.upgradeType)),
      row(t('operation.quantity'), operation.quantity === null ? t('operation.allSeats') : number(operation.quantity)),
      row(t('operation.targetUnitPrice'), money(operation.targetUnitPrice)),
      row(t('operation.createdAt'), instant(operation.createdAt)),
      operation.completedAt ? row(t('operation.completedAt'), instant(operation.completedAt)) : null),
  ];

  if (operation.status === 'succeeded') {
    const target = result?.targetSubscriptionId;
    children.unshift(notice('success', h('p', null, t('operation.succeeded')),
      target ? h('p', null, h('a', { href: route('customers', operation.customerId, 'subscriptions', target) }, t('operation.openTarget'))) : null));
  } else if (operation.status === 'failed') {
    children.unshift(notice('error', h('p', null, t('operation.failed')), reasonsList(result?.upgradeErrors ?? [])));
  } else {
    children.unshift(h('p', { class: 'hint' }, t('operation.waiting')));
  }

  const lines = operation.billingLines ?? [];
  if (lines.length > 0) {
    children.push(h('h2', null, t('billing.title')), table(null,
      [t('billing.kind'), t('billing.subscription'), { number: t('billing.quantity') }, t('billing.period'), { number: t('billing.unitPrice') }, { number: t('billing.amount') }],
      lines.map((line) => [label('billingLineKind', line.kind), line.subscriptionId, { number: number(line.quantity) },
        t('billing.periodRange', { start: day(line.periodStart), end: day(line.periodEnd), days: number(line.daysRemaining), total: number(line.daysInPeriod) }),
        { number: money(line.unitPrice) }, { number: money(line.amount) }])));
  }

  const licenseErrors = result?.licenseErrors ?? [];
  if (operation.status === 'succeeded') {
    children.push(h('h2', null, t('licenseErrors.title')));
    if (licenseErrors.length === 0) {
      children.push(h('p', null, t('licenseErrors.none')));
    } else {
      children.push(
        notice('info', h('p', null, t('licenseErrors.intro')),
          h('p', null, t('licenseErrors.guidance'), ' ', h('a', { href: LICENSE_GUIDANCE_URL, rel: 'noreferrer noopener', target: '_blank' }, t('licenseErrors.guidanceLink')))),
        licenseErrorsTable(licenseErrors));
    }
  }
  body.replaceChildren(...children);
}
