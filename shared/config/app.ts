/** Where the links the system hands out point, per deployment (read by ./env.ts). */
import { config } from './env';

/** The web app's address, for links in mail (`APP_URL`, no trailing slash). */
export const appUrl = (): string => config().appUrl;

/** Where notices for the program office go (the overdue annual reports of bases). */
export const adminEmail = (): string | undefined => config().adminEmail;

/**
 * Where the certificate verification page is served (QR links lead to `<origin>/verify`): the
 * CloudFront site in the cloud, the web app's address otherwise (the local server serves it).
 */
export const verifyPageOrigin = (): string => config().verifyPageOrigin;

/** The lines of the program office's signature that end every mail (`MAIL_SIGNATURE`). */
export const mailSignature = (): readonly string[] => config().mailSignature;
