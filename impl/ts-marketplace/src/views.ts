import { join } from "node:path";
import pug from "pug";
import { PACKAGE_PATHS } from "./paths.js";

/** The page templates in `src/views`. */
export type ViewName = "home" | "category" | "error";

/** Renders compiled pug templates. */
export interface Views {
  /** Renders template `name` with `locals` to HTML. Every `#{}` and `=` output is escaped. */
  render(name: ViewName, locals: Record<string, unknown>): string;
}

/**
 * Compiles every page template once, at start-up, so a broken template stops the
 * process instead of failing a reader's request.
 */
export function createViews(): Views {
  const names: ViewName[] = ["home", "category", "error"];
  const compiled = new Map(names.map((name) => [name, pug.compileFile(join(PACKAGE_PATHS.views, `${name}.pug`))]));
  return {
    render(name, locals) {
      const template = compiled.get(name);
      if (template === undefined) throw new Error(`no template ${name}`);
      return template(locals);
    },
  };
}
