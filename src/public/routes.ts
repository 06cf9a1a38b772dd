import { Hono } from "hono";
import type { Context, Next } from "hono";
import type { Kysely } from "kysely";
import { type PublicLanguage, languageByLocale, languageByPath } from "../domain/public-notice/languages.ts";
import { RESERVED_SLUGS, SLUG_PATTERN } from "../domain/public-notice/slug.ts";
import type { Database } from "../server/platform/db/schema.ts";
import type { AppEnv } from "../server/platform/http/env.ts";
import * as service from "../server/public-notice/service.ts";
import { renderPublicPage } from "./page.ts";
import { PUBLIC_CSS } from "./public.css.ts";

/**
 * The public page for residents: /public (Japanese, with the language switcher), /public/{ja|easy|en|zh|ko},
 * and the same under the organisation's own path (e.g. /kasuhara), read from the database on every
 * request so a change of path needs no restart. No sign-in, no JavaScript.
 */
export function publicPages(db: Kysely<Database>) {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>, language: PublicLanguage, base: string) => {
    const content = await service.publicContent(db, language.locale);
    c.header("cache-control", "no-cache");
    return c.html(
      renderPublicPage({
        language,
        base,
        words: content.words,
        organisation: content.settings.organisation[language.locale],
        phone: content.settings.phone,
        hasLogo: content.settings.logo !== null,
        sections: content.sections,
      }),
    );
  };

  app.get("/public/assets/public.css", (c) => {
    c.header("content-type", "text/css; charset=utf-8");
    c.header("cache-control", "public, max-age=3600");
    return c.body(PUBLIC_CSS);
  });
  app.get("/public/assets/logo", async (c) => {
    const logo = await service.publicLogo(db);
    if (!logo) return c.notFound();
    c.header("content-type", logo.mime);
    c.header("cache-control", "no-cache");
    c.header("x-content-type-options", "nosniff");
    return c.body(new Uint8Array(logo.bytes));
  });
  app.get("/public", (c) => page(c, languageByLocale("ja"), "/public"));
  app.get("/public/", (c) => page(c, languageByLocale("ja"), "/public"));
  app.get("/public/:lang", (c) => {
    const language = languageByPath(c.req.param("lang"));
    return language ? page(c, language, "/public") : c.notFound();
  });

  // The organisation's own path. Anything that is not the configured path falls through to the next handler.
  const isAlias = async (segment: string) => SLUG_PATTERN.test(segment) && !RESERVED_SLUGS.has(segment) && segment === (await service.currentSlug(db));
  app.get("/:slug", async (c, next: Next) => {
    const slug = c.req.param("slug");
    if (await isAlias(slug)) return page(c, languageByLocale("ja"), `/${slug}`);
    await next();
  });
  app.get("/:slug/:lang", async (c, next: Next) => {
    const slug = c.req.param("slug");
    const language = languageByPath(c.req.param("lang"));
    if (language && (await isAlias(slug))) return page(c, language, `/${slug}`);
    await next();
  });

  return app;
}
