// What the two browser tests (the classic Notebook's and JupyterLab's) share:
// Debian's Chromium and how it is started, playwright-core, bounded waits.
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Screenshots cost CPU time (a full page, rasterized and encoded): the browser
 * tests take one of a page whose checks failed, and of every page only with
 * DNNLAB_SCREENSHOTS=1.
 */
export const ALL_SCREENSHOTS = process.env.DNNLAB_SCREENSHOTS === "1";
/** What the tests' last line says about their screenshots. */
export const SCREENSHOTS_SAID = ALL_SCREENSHOTS ? "screenshots of every page" : "screenshots of failed checks (DNNLAB_SCREENSHOTS=1: of every page)";

/** A notebook's multi-line string (a list of lines or one string) as one string. */
export const joinText = (t) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** Runs `promise` with a deadline; rejects with `what` when it passes. */
export function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** playwright-core, or why a browser test must skip (Chromium or playwright-core missing). */
export async function loadBrowser() {
  if (!existsSync(CHROMIUM)) return { playwright: null, skipReason: `Chromium not installed (${CHROMIUM}); .ci/run installs it (Debian package chromium)` };
  try {
    return { playwright: await import("playwright-core"), skipReason: null };
  } catch {
    return { playwright: null, skipReason: "playwright-core is not installed (run `npm ci`)" };
  }
}

/** A page that may only reach `allowed(url)`; every other request is aborted and recorded. */
export async function openPage(browser, allowed) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const blocked = [];
  const errors = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, blocked, errors };
}
