/** Refusals of the public verification of certificates, read by anyone who holds one. */
import type { Text } from '../text';

export const verification = {
  certificateNotFound: (number: string): Text => ({
    'zh-CN': `未找到编号为 ${number} 的证书`,
    en: `No certificate ${number}`,
  }),
};
