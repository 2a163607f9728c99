import { fileURLToPath } from "node:url";

/**
 * Directories of the files tsc does not compile, resolved from the package root (this
 * module runs from `dist/`): the pug templates stay in `src/views`, the stylesheet and
 * icon in `public/`. Nothing is copied at build time.
 */
export const PACKAGE_PATHS = {
  views: fileURLToPath(new URL("../src/views/", import.meta.url)),
  public: fileURLToPath(new URL("../public/", import.meta.url)),
} as const;
