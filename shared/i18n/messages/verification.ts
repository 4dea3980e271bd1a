/** Refusals of the public verification of certificates, read by anyone who holds one. */
import type { Text } from '../text';

export const verification = {
  certificateNotFound: (number: string): Text => ({
    'zh-CN': `未找到编号为 ${number} 的证书`,
    en: `No certificate ${number}`,
  }),
  tooLong: (maxBytes: number): Text => ({
    'zh-CN': `令牌超过 ${maxBytes} 字节`,
    en: `Longer than ${maxBytes} bytes`,
  }),
  notCompactJws: (): Text => ({ 'zh-CN': '不是有效的签名令牌（紧凑 JWS）', en: 'Not a compact JWS' }),
  notACompactToken: (): Text => ({
    'zh-CN': '不是有效的二维码证书数据（COSE_Sign1 的十进制形式）',
    en: 'Not a compact certificate token (a COSE_Sign1 in decimal)',
  }),
  headerNotJson: (): Text => ({ 'zh-CN': '令牌头部不是 JSON', en: 'The JWS header is not JSON' }),
  algorithmRefused: (algorithm: string): Text => ({
    'zh-CN': `不接受签名算法 ${algorithm}（仅接受 ES256）`,
    en: `Algorithm ${algorithm} is not accepted (ES256 only)`,
  }),
  foreignKey: (): Text => ({ 'zh-CN': '签名所用的密钥不是本系统的', en: 'Signed by a key that is not ours' }),
  signatureMismatch: (): Text => ({
    'zh-CN': '签名不符：令牌被篡改或伪造',
    en: 'The signature does not match: the token was altered or forged',
  }),
  notACertificate: (): Text => ({ 'zh-CN': '令牌内容不是证书', en: 'The payload is not a certificate' }),
  noNumber: (): Text => ({ 'zh-CN': '令牌中没有证书编号', en: 'The token names no certificate number' }),
  notOnRecord: (number: string): Text => ({
    'zh-CN': `没有编号为 ${number} 的证书记录`,
    en: `No certificate ${number} is on record`,
  }),
  notTheIssuedToken: (): Text => ({
    'zh-CN': '此令牌不是为该证书签发的令牌',
    en: 'The token is not the one issued for this certificate',
  }),
  revoked: (reason: string): Text => ({
    'zh-CN': `已撤销：${reason}`,
    en: `Revoked: ${reason}`,
  }),
};
