import { hoursText, type VolunteerCertificateContent } from './certificates-content.js';

/**
 * The printable certificate of service: one complete HTML document in Chinese, A4 print styles,
 * no script and nothing loaded from elsewhere, worded after the certificate of
 * 《志愿服务记录与证明出具办法（试行）》（民政部令第67号）: 兹证明…, the total hours to one decimal,
 * the services by period and one by one, the issuing unit and day, and the verification code with
 * how to check it. Built only from the frozen content, so the page shows what was issued.
 */
export interface CertificateDocumentOptions {
  verificationCode: string;
  /** Set when the certificate was revoked: the page says so above everything else. */
  revokedOn?: string | null;
  /** Where a reader checks it (the gateway's `/volunteer-certificates/verify`), absolute. */
  verifyUrl: string;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML: every character that could open markup or leave an attribute escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!);
}

/** `2026-03-01` as `2026年3月1日`. */
export function chineseDate(day: string): string {
  return `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

const styles = `
@page { size: A4; margin: 20mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; color: #000;
  margin: 0 auto; max-width: 174mm; font-size: 11pt; line-height: 1.7; }
h1 { text-align: center; font-size: 22pt; letter-spacing: 0.3em; margin: 8mm 0 2mm; }
.number { text-align: right; font-size: 10pt; }
.revoked { border: 2px solid #b00; color: #b00; padding: 2mm 4mm; font-weight: bold; text-align: center; }
.statement { text-indent: 2em; margin: 6mm 0 4mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 5mm; font-size: 10pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.hours, th.hours { text-align: right; white-space: nowrap; }
h2 { font-size: 12pt; margin: 5mm 0 1mm; }
.issuer { margin-top: 10mm; text-align: right; }
.verification { margin-top: 8mm; border-top: 1px dashed #000; padding-top: 3mm; font-size: 9.5pt; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 12pt; letter-spacing: 0.1em; }
@media screen { body { padding: 10mm; } }
`;

/** The certificate as a complete HTML document (`lang="zh-CN"`). */
export function renderCertificateHtml(
  content: VolunteerCertificateContent,
  options: CertificateDocumentOptions,
): string {
  const e = escapeHtml;
  const hours = hoursText(content.totalMinutes);
  const periodRows = content.periods
    .map(
      (period) =>
        `<tr><td>${e(period.label)}</td><td class="hours">${period.services}</td><td class="hours">${hoursText(period.minutes)}</td></tr>`,
    )
    .join('\n');
  const serviceRows = content.services
    .map(
      (service, index) =>
        `<tr><td class="hours">${index + 1}</td><td>${e(chineseDate(service.day))}</td><td>${e(service.content)}</td><td>${e(service.place)}</td><td class="hours">${hoursText(service.minutes)}</td><td>${e(service.certifier)}</td></tr>`,
    )
    .join('\n');
  const grouping = content.groupBy === 'quarter' ? '季度' : '月份';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>志愿服务记录证明 ${e(content.number)}</title>
<style>${styles}</style>
</head>
<body>
${options.revokedOn ? `<p class="revoked">本证明已于${e(chineseDate(options.revokedOn))}撤销，不再有效。</p>` : ''}
<h1>志愿服务记录证明</h1>
<p class="number">证明编号：<span id="certificate-number">${e(content.number)}</span></p>
<p class="statement">兹证明，<strong id="volunteer-name">${e(content.volunteer.name)}</strong>（公民身份号码：<span id="resident-id">${e(content.volunteer.residentIdMasked)}</span>）于${e(chineseDate(content.period.from))}至${e(chineseDate(content.period.to))}期间参加志愿服务${content.serviceCount}次，累计志愿服务时长<strong id="total-hours">${hours}</strong>小时（以志愿服务记录为准，不含往返交通时间）。</p>
<p class="statement">特此证明。</p>
<h2>按${grouping}统计</h2>
<table>
<thead><tr><th>${grouping}</th><th class="hours">服务次数</th><th class="hours">服务时长（小时）</th></tr></thead>
<tbody>
${periodRows || '<tr><td colspan="3">本期间内无志愿服务记录</td></tr>'}
<tr><th>合计</th><th class="hours">${content.serviceCount}</th><th class="hours">${hours}</th></tr>
</tbody>
</table>
<h2>志愿服务明细</h2>
<table>
<thead><tr><th class="hours">序号</th><th>服务日期</th><th>服务内容</th><th>服务地点</th><th class="hours">时长（小时）</th><th>记录单位</th></tr></thead>
<tbody>
${serviceRows || '<tr><td colspan="6">本期间内无志愿服务记录</td></tr>'}
</tbody>
</table>
<div class="issuer">
<p>出具单位：<span id="issuer-name">${e(content.issuer.name)}</span>（${e(content.district.name)}）</p>
<p>出具日期：<span id="issued-on">${e(chineseDate(content.issuedOn))}</span></p>
</div>
<div class="verification">
<p>验证码：<span class="code" id="verification-code">${e(options.verificationCode)}</span></p>
<p>本证明依据《志愿服务记录与证明出具办法（试行）》（民政部令第67号）出具。任何单位和个人可凭证明编号、验证码及证明所载累计时长，向出具地（行政区划代码 ${e(content.district.code)}）核验本证明的真实性：访问 <span id="verify-url">${e(options.verifyUrl)}</span>，并附上参数 number（证明编号）、code（验证码）和 hours（累计时长）。证明内容与核验结果不一致的，以核验结果为准。</p>
</div>
</body>
</html>
`;
}
