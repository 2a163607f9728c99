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

/** Options of {@link createViews}. */
export interface ViewsOptions {
  /** The template directory; the package's `src/views` by default. */
  readonly dir?: string;
}

/**
 * Compiles every page template once, at start-up, so a broken template stops the
 * process instead of failing a reader's request.
 */
export function createViews(options: ViewsOptions = {}): Views {
  const dir = options.dir ?? PACKAGE_PATHS.views;
  const names: ViewName[] = ["home", "category", "error"];
  const compiled = new Map(names.map((name) => [name, pug.compileFile(join(dir, `${name}.pug`))]));
  return {
    render(name, locals) {
      const template = compiled.get(name);
      if (template === undefined) throw new Error(`no template ${name}`);
      return template(locals);
    },
  };
}
