/**
 * The one font of printed certificates: Noto Sans SC Regular (SIL Open Font License 1.1), as the
 * npm package `@expo-google-fonts/noto-sans-sc` ships it (TrueType, every Chinese character of
 * GB 18030's common set). Each PDF embeds a subset: the glyphs it uses, a few dozen kilobytes.
 *
 * The file is too big to bundle (about 10 MB): only the `certificate-pdf` function carries it,
 * copied beside its bundle by the cloud build (infra/cloud/service-functions.ts); everywhere else (the
 * local server, tests) it is read where npm installed it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const CERTIFICATE_FONT = {
  /** The package and the file inside it. */
  package: '@expo-google-fonts/noto-sans-sc',
  file: '400Regular/NotoSansSC_400Regular.ttf',
  /** Its name beside the function's bundle (`index.mjs`). */
  besideBundle: 'NotoSansSC-Regular.ttf',
} as const;

/** Where npm installed the font, resolved from the repository's node_modules. */
export const installedCertificateFont = (): string =>
  createRequire(import.meta.url).resolve(`${CERTIFICATE_FONT.package}/${CERTIFICATE_FONT.file}`);

/** Beside the bundle when this module runs bundled (in Lambda), else where npm installed it. */
export function certificateFontPath(): string {
  const besideBundle = fileURLToPath(new URL(`./${CERTIFICATE_FONT.besideBundle}`, import.meta.url));
  return existsSync(besideBundle) ? besideBundle : installedCertificateFont();
}

let font: Buffer | undefined;

/** The font's bytes, read once per process: every PDF a warm function makes reuses them. */
export function certificateFont(): Buffer {
  font ??= readFileSync(certificateFontPath());
  return font;
}
