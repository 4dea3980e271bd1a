/**
 * The verification page: reads the token from the link the QR code carries (`#c=` the compact
 * token, or `#token=` the full JWS of a certificate issued before; a fragment is never sent to
 * any server), checks its signature here against the published keys, then asks the API whether
 * the certificate was revoked. A number typed in is looked up in the public record
 * (which has no signature to check). Draws with textContent only: nothing is parsed as HTML.
 */
import { verifyCompactToken } from './compact.js';
import {
  certificateFromClaims,
  certificateFromCompact,
  certificateFromRecord,
  checkCertificateNumber,
  detailRows,
  revokedExplanation,
  verifyCertificateToken,
  withRecordTexts,
} from './verify.js';

const result = document.getElementById('result');
const form = document.getElementById('lookup');
const input = document.getElementById('number');
const inputError = document.getElementById('number-error');

/** Where the API is: `config.json` beside the page (written at deploy), else this origin. */
async function loadApiBase() {
  try {
    const response = await fetch('/verify/config.json', { cache: 'no-cache', credentials: 'omit' });
    if (response.ok) {
      const config = await response.json();
      if (typeof config?.apiBase === 'string') return config.apiBase.replace(/\/+$/, '');
    }
  } catch {
    // no config: the API serves this page too
  }
  return '';
}
const apiBase = await loadApiBase();

// Tokens travel in no cookie and no header, so cross-origin calls need no credentials.
const api = (path, init = {}) =>
  fetch(`${apiBase}${path}`, {
    credentials: 'omit',
    ...init,
    headers: { accept: 'application/json', ...init.headers },
  });

/** Only the newest check may draw: a slow answer to an older one is dropped. */
let generation = 0;

function element(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function show(status, verdict, explanation, certificate, revocation, note) {
  result.replaceChildren();
  result.dataset.status = status;
  result.hidden = false;
  result.append(element('p', 'verdict', verdict));
  if (explanation) result.append(element('p', 'explanation', explanation));
  if (certificate) {
    const list = element('dl', 'details');
    for (const [label, value] of detailRows(certificate, revocation)) {
      const row = element('div', 'row');
      row.append(element('dt', '', label), element('dd', '', value));
      list.append(row);
    }
    result.append(list);
  }
  if (note) result.append(element('p', 'note', note));
}

/** The two forms a link carries: how each is checked, and what the page draws of it. */
const FORMS = {
  jws: {
    check: verifyCertificateToken,
    certificateOf: (check) => certificateFromClaims(check.claims),
  },
  compact: {
    check: verifyCompactToken,
    certificateOf: (check) => certificateFromCompact(check.certificate),
  },
};

/** The signed certificate, with what the QR code left out taken from the record, and a note saying so. */
function completed(signed, record) {
  const { certificate, fromRecord } = withRecordTexts(signed, record);
  const note = fromRecord.length
    ? `${fromRecord.join('、')}未写入二维码的签名，显示的是系统记录。`
    : undefined;
  return { certificate, note };
}

async function verifyToken(token, form) {
  const mine = ++generation;
  show('checking', '正在验证…', '正在获取公钥并核验电子签名。');
  let jwks;
  try {
    const response = await api('/public/keys');
    if (!response.ok) throw new Error(`GET /public/keys answered ${response.status}`);
    jwks = await response.json();
  } catch {
    if (mine === generation)
      show('error', '暂时无法验证', '无法获取用于核验签名的公钥，请检查网络后刷新重试。');
    return;
  }
  const check = await FORMS[form].check(token, jwks);
  if (mine !== generation) return;
  if (!check.ok) {
    show('invalid', '无效', `${check.reason}。`, undefined, undefined, '请向持证人或颁发机构核实。');
    return;
  }
  const signedCertificate = FORMS[form].certificateOf(check);
  const signed = `电子签名已在本机用本系统公布的公钥（${check.kid}）核验无误。`;

  // The signature says what was issued; only the record says whether it still stands.
  let verdict;
  try {
    const response = await api('/public/certificates/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) throw new Error(`POST /public/certificates/verify answered ${response.status}`);
    verdict = await response.json();
  } catch {
    if (mine === generation) {
      show(
        'unknown',
        '签名有效，状态未知',
        `${signed}但暂时无法查询撤销状态，请稍后刷新重试。`,
        signedCertificate,
      );
    }
    return;
  }
  if (mine !== generation) return;
  const record = verdict.certificate ?? {};
  const { certificate, note } = completed(signedCertificate, verdict.certificate);
  if (verdict.status === 'valid' && verdict.valid === true) {
    show('valid', '有效', `${signed}该证书真实有效，未被撤销。`, certificate, undefined, note);
  } else if (verdict.status === 'revoked') {
    show('revoked', '已撤销', `电子签名真实，但${revokedExplanation(record)}`, certificate, record, note);
  } else if (verdict.status === 'unknown') {
    show('unknown', '无法确认', `${signed}但系统中没有这份证书的记录，请向颁发机构核实。`, certificate);
  } else {
    show(
      'invalid',
      '无效',
      '签名虽然正确，但这不是系统为该编号签发的证书。',
      certificate,
      undefined,
      verdict.reason,
    );
  }
}

async function lookUpNumber(number) {
  const mine = ++generation;
  show('checking', '正在查询…', `正在查询证书 ${number}。`);
  let response;
  let record;
  try {
    response = await api(`/public/certificates/${encodeURIComponent(number)}`);
    record = await response.json().catch(() => undefined);
  } catch {
    if (mine === generation) show('error', '暂时无法查询', '无法连接验证服务，请检查网络后重试。');
    return;
  }
  if (mine !== generation) return;
  const unsigned = '按编号查询显示的是系统记录，没有电子签名可供核验；扫描证书上的二维码可同时核验签名。';
  if (response.status === 404) {
    show('not-found', '未找到', `系统中没有编号为 ${number} 的证书。`, undefined, undefined, unsigned);
  } else if (response.status === 400) {
    show('invalid', '编号有误', record?.error?.message ?? '证书编号不正确。');
  } else if (!response.ok || !record) {
    show('error', '暂时无法查询', `验证服务暂时不可用（${response.status}），请稍后重试。`);
  } else if (record.status === 'revoked') {
    show('revoked', '已撤销', revokedExplanation(record), certificateFromRecord(record), record, unsigned);
  } else {
    show(
      'valid',
      '有效',
      '系统记录中该证书有效，未被撤销。',
      certificateFromRecord(record),
      undefined,
      unsigned,
    );
  }
}

function route() {
  const parameters = new URLSearchParams(location.hash.slice(1));
  const compact = parameters.get('c');
  const token = parameters.get('token');
  const number = parameters.get('number');
  if (compact) return verifyToken(compact, 'compact');
  if (token) return verifyToken(token, 'jws');
  if (number) {
    const checked = checkCertificateNumber(number);
    input.value = checked.ok ? checked.number : number;
    if (checked.ok) return lookUpNumber(checked.number);
    showInputError(checked.message);
  }
  generation += 1;
  result.hidden = true;
  result.replaceChildren();
}

function showInputError(message) {
  inputError.textContent = message ?? '';
  inputError.hidden = !message;
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const checked = checkCertificateNumber(input.value);
  if (!checked.ok) {
    showInputError(checked.message);
    input.focus();
    return;
  }
  showInputError(undefined);
  input.value = checked.number;
  const hash = `#number=${encodeURIComponent(checked.number)}`;
  // The number goes into the address, so the result can be shared or reloaded.
  if (location.hash === hash) lookUpNumber(checked.number);
  else location.hash = hash;
});
input.addEventListener('input', () => showInputError(undefined));
window.addEventListener('hashchange', route);
route();
