// A subscription's history (ListSubscriptionHistory): its upgrades and license additions, newest first, a page at a time.
import { h, route } from '../dom.js';
import { t, label, money, number, instant } from '../i18n.js';
import { getJson, subscriptionPath, ApiError } from '../api.js';
import { table } from '../components.js';

const PAGE_SIZE = 10;

/** The history section, or null where the API has no history route. */
export async function historySection(customerId, subscriptionId) {
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary' }, t('history.more'));
  let token = null;

  async function load() {
    const query = new URLSearchParams({ top: String(PAGE_SIZE) });
    if (token) query.set('continuationToken', token);
    const answer = await getJson(`${subscriptionPath(customerId, subscriptionId, 'operations')}?${query}`);
    token = answer.continuationToken ?? null;
    for (const entry of answer.items ?? []) body.append(row(entry));
    more.hidden = !token;
    return answer.items ?? [];
  }

  let first;
  try {
    first = await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
  more.addEventListener('click', async () => { more.disabled = true; try { await load(); } finally { more.disabled = false; } });

  const headers = [t('history.when'), t('history.kind'), t('history.status'), t('history.what'), t('history.billing')];
  const rendered = table(null, headers, []);
  rendered.querySelector('tbody').replaceWith(body);
  return h('section', { 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, t('history.title')),
    first.length === 0 ? h('p', { class: 'muted' }, t('history.none')) : rendered,
    h('div', { class: 'actions' }, more));

  function row(entry) {
    const what = entry.kind === 'upgrade'
      ? [entry.targetOffer ?? '–', entry.upgradeType ? ` · ${label('upgradeType', entry.upgradeType)}` : '',
        entry.quantity ? ` · ${t('history.licenses', { count: number(entry.quantity) })}` : '']
      : [t('history.licenses', { count: number(entry.quantity ?? 0) })];
    const cells = [
      instant(entry.createdAt),
      entry.kind === 'upgrade' && entry.operationId
        ? h('a', { href: route('operations', entry.operationId) }, label('historyKind', entry.kind))
        : label('historyKind', entry.kind),
      label('operationStatus', entry.status),
      what.join(''),
      (entry.billingLines ?? []).map((line) => `${label('billingLineKind', line.kind)} ${money(line.amount)}`).join(', ') || '–',
    ];
    return h('tr', null, cells.map((cell) => h('td', null, cell)));
  }
}
