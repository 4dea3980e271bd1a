/** Where links the system hands out point (mail, QR codes): the web app's address, per deployment. */
export const appUrl = (): string => (process.env.APP_URL || 'http://localhost:3000').replace(/\/$/, '');

/** Where notices for the program office go (the overdue annual reports of bases). */
export const adminEmail = (): string | undefined => process.env.ADMIN_EMAIL || undefined;

/**
 * Where the certificate verification page is served (QR links lead to `<origin>/verify`): the
 * CloudFront site in the cloud, the web app's address otherwise (the local server serves it).
 */
export const verifyPageOrigin = (): string => (process.env.VERIFY_PAGE_ORIGIN || appUrl()).replace(/\/$/, '');
