// The latest audit of suspended subscriptions that block upgrades, and its CSV as the API writes it.
import { h } from '../dom.js';
import { t, label, number, instant } from '../i18n.js';
import { getJson, request, ApiError } from '../api.js';
import { heading, breadcrumbs, notice, problemNotice, table } from '../components.js';

export async function auditView() {
  const top = [breadcrumbs(t('nav.audit')), heading(t('audit.title')), h('p', null, t('audit.intro'))];
  let report;
  try {
    report = await getJson('audits/latest');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return h('section', null, top, notice('info', h('p', null, t('audit.none'))));
    throw error;
  }

  const message = h('div');
  const download = h('button', { type: 'button', class: 'secondary' }, t('audit.downloadCsv'));
  download.addEventListener('click', async () => {
    download.disabled = true;
    try {
      await downloadCsv();
      message.replaceChildren();
    } catch (error) {
      message.replaceChildren(problemNotice(error));
    } finally {
      download.disabled = false;
    }
  });

  const row = (term, value) => [h('dt', null, term), h('dd', null, value)];
  const findings = report.findings ?? [];
  return h('section', null, top,
    h('dl', { class: 'facts' },
      row(t('audit.runId'), report.runId),
      row(t('audit.completedAt'), instant(report.completedAt)),
      row(t('audit.customersScanned'), number(report.customersScanned)),
      row(t('audit.subscriptionsScanned'), number(report.subscriptionsScanned)),
      row(t('audit.findingCount'), number(report.findingCount))),
    h('div', { class: 'actions' }, download), message,
    findings.length === 0
      ? notice('success', h('p', null, t('audit.noFindings')))
      : table(t('audit.findingsCaption'),
        [t('audit.customer'), t('audit.blocking'), t('audit.blockedUpgrade'), t('audit.reason'), t('audit.remedy')],
        findings.map((finding) => [
          finding.customerId,
          h('div', null, finding.blockingSubscriptionId, h('br'), h('small', { class: 'detail' },
            `${finding.blockingOfferId} · ${label('status', finding.blockingStatus)} · ${label('channel', finding.blockingChannel)}`
            + (finding.blockingPartnerName ? ` (${finding.blockingPartnerName})` : ''))),
          h('div', null, t('audit.fromTo', { source: finding.sourceSubscriptionId, target: finding.targetOfferId }), h('br'),
            h('small', { class: 'detail' }, (finding.blockedUpgradeTypes ?? []).map((type) => label('upgradeType', type)).join(', '))),
          h('div', null, label('auditReason', finding.reason), h('br'), h('small', { class: 'detail' }, label('reason', finding.errorCode, 'reason.unknown'))),
          label('auditRemedy', finding.reason),
        ])));
}

/** Fetches the CSV with the key (a plain link could not send it) and saves it under the name the API gives. */
async function downloadCsv() {
  const response = await request('audits/latest', { accept: 'text/csv' });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename=([^;]+)/.exec(disposition)?.[1]?.trim().replace(/^"|"$/g, '') || 'audit-latest.csv';
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
