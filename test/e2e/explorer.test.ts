// The web explorer as a person uses it, in a real headless Chromium (Debian's `chromium`, driven by
// playwright-core) against `npm start`'s server with its invented demo data: search → highlighted hits →
// a report whose table 3 shows the API's figures; a facet narrows hits and the URL; the agency chart
// draws a point per year; the compare page's CSV is the table shown; no results and bad addresses say
// so. Nothing may be fetched from another host. Screenshots go to docs/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { tempDataDir } from "../integration/support/servers.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(process.cwd(), "docs", "screenshots");
const QUERY = "依申请公开";

async function startGongkai(dataDir: string) {
  const ready = join(dataDir, "ready");
  const env: NodeJS.ProcessEnv = { ...process.env, GONGKAI_DATA_DIR: dataDir, PORT: "0", GONGKAI_READY_FILE: ready };
  delete env.DATABASE_URL;
  delete env.MEILI_URL;
  const child = spawn(process.execPath, ["--import", "./scripts/ts-loader.mjs", "src/cli.ts", "start"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  child.stderr.on("data", (c) => (log += c));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  for (let i = 0; i < 600 && !existsSync(ready) && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(ready), `npm start did not become ready:\n${log}`);
  const base = readFileSync(ready, "utf8").replace(/\/graphql$/, "");
  return {
    base,
    stop: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}

async function api<T>(base: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data: T; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** Waits until the search page has painted its answer; returns the query-to-paint time it measured. */
async function searchPainted(page: Page): Promise<number> {
  await page.waitForFunction(
    () => document.body.dataset.searchMs !== undefined || document.querySelector("[data-testid=no-results]"),
  );
  return Number(await page.evaluate(() => document.body.dataset.searchMs ?? "NaN"));
}

/** The text of an element as shown ("" when it has none). */
const text = async (l: Locator) => (await l.textContent()) ?? "";
const cellText = (page: Page, variable: string) => text(page.locator(`td[data-var="${variable}"] .v`));

test("web explorer in Chromium: search, report, agency, compare, errors", { timeout: 600_000 }, async (t) => {
  assert.ok(
    existsSync(CHROMIUM),
    `no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (.ci/run does)`,
  );
  const build = spawnSync(process.execPath, ["scripts/build-web.mjs", "--if-stale"], { encoding: "utf8" });
  assert.equal(build.status, 0, `build-web failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDataDir("e2e");
  const profile = mkdtempSync(join(tmpdir(), "gongkai-chromium-"));
  let server: Awaited<ReturnType<typeof startGongkai>> | undefined;
  let ctx: BrowserContext | undefined;
  try {
    server = await startGongkai(dir.path);
    const { base } = server;
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      locale: "zh-CN",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const foreign: string[] = [];
    await ctx.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.origin !== new URL(base).origin) {
        foreign.push(u.href);
        return route.abort();
      }
      return route.continue();
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // ranked search needs the demo reports indexed: the index is fed in the background after start-up
    for (let i = 0; i < 120; i++) {
      const n = await api<{ search: { totalCount: number } }>(
        base,
        "query($q: String!) { search(query: $q) { totalCount } }",
        { q: QUERY },
      );
      if (n.search.totalCount > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    let reportId = 0;
    await t.test("search: hits with the words highlighted, the query timed", async () => {
      await page.goto(`${base}/search?q=${encodeURIComponent(QUERY)}`);
      const loadMs = await searchPainted(page);
      const sinceNav = Number(await page.evaluate(() => document.body.dataset.sinceLoadMs));
      const apiMs = () =>
        page.evaluate(() =>
          Math.round(
            (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
              .filter((e) => e.name.endsWith("/graphql"))
              .at(-1)?.duration ?? NaN,
          ),
        );
      const loadApiMs = await apiMs();
      const marks = await page.locator(".hit mark").allInnerTexts();
      assert.ok(marks.length > 0, "highlighted words in the snippets");
      for (const m of marks) assert.ok(m.length > 0 && QUERY.includes(m), `highlight “${m}” is (part of) the query`);
      const total = Number(await text(page.getByTestId("total")));
      const apiTotal = (
        await api<{ search: { totalCount: number } }>(base, "query($q: String!) { search(query: $q) { totalCount } }", {
          q: QUERY,
        })
      ).search.totalCount;
      assert.equal(total, apiTotal);
      // typed into the box: from the query to painted hits (measured by the page: performance.measure)
      await page.fill("input[name=q]", "政府信息公开");
      await page.press("input[name=q]", "Enter");
      await page.waitForURL(/q=%E6%94%BF%E5%BA%9C/);
      await page.waitForFunction(
        () =>
          document.querySelector("input[name=q]") &&
          document.body.dataset.searchMs &&
          performance.getEntriesByName("search").length > 1,
      );
      const typedMs = await page.evaluate(() => performance.getEntriesByName("search").at(-1)!.duration);
      const typedApiMs = await apiMs();
      console.log(
        `# first search after the server started: painted ${Math.round(loadMs)} ms after the page's query (the API's answer took ${loadApiMs} ms; ${sinceNav} ms after navigation), ` +
          `${Math.round(typedMs)} ms after a typed query (API ${typedApiMs} ms); budget 500 ms, not asserted`,
      );
      // a few more typed queries: the median is the figure to report (this machine is shared and its load varies)
      const paints: number[] = [],
        apis: number[] = [];
      for (const q of ["主动公开", "行政复议", "依申请公开", "信息公开", "政府网站"]) {
        const n = await page.evaluate(() => performance.getEntriesByName("search").length);
        await page.fill("input[name=q]", q);
        await page.press("input[name=q]", "Enter");
        await page.waitForFunction(
          (k) =>
            performance.getEntriesByName("search").length > k || !!document.querySelector("[data-testid=no-results]"),
          n,
        );
        const last = await page.evaluate(() => performance.getEntriesByName("search").at(-1)!.duration);
        paints.push(last);
        apis.push(await apiMs());
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `# typed queries: median ${Math.round(median(paints))} ms to painted hits (API median ${median(apis)} ms) over ${paints.length}: ${paints.map(Math.round).join(", ")} ms`,
      );
      await page.goto(`${base}/search?q=${encodeURIComponent(QUERY)}`);
      const warmMs = await searchPainted(page);
      console.log(
        `# the same page loaded again: ${Math.round(warmMs)} ms from its query to painted hits (API ${await apiMs()} ms)`,
      );
      assert.ok((await page.locator(".hit .demo").count()) > 0, "invented reports are labelled");
      await page.screenshot({ path: join(SHOTS, "search.png") });
      // paging: the next page has other hits; exact mode is a URL parameter too
      const first = await page.locator(".hit-title").allInnerTexts();
      if (total > first.length) {
        const firstHrefs = await page
          .locator(".hit-title")
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href + a.closest(".hit")!.textContent));
        await page.locator("a[rel=next]").click();
        await page.waitForURL(/[?&]after=/);
        await page.waitForFunction(
          (n) => document.querySelector(".hit-title") && !document.querySelector(".loading"),
          null,
        );
        const next = await page
          .locator(".hit-title")
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href + a.closest(".hit")!.textContent));
        assert.ok(next.length > 0 && next.every((h) => !firstHrefs.includes(h)), "page 2 has other hits");
      }
      await page.locator(".exact input").check();
      await page.waitForURL(/[?&]exact=1/);
      await page.waitForFunction(() => /exact search/.test(document.querySelector(".total")?.textContent ?? ""));
      const exactTotal = (
        await api<{ search: { totalCount: number } }>(
          base,
          "query($q: String!) { search(query: $q, exact: true) { totalCount } }",
          { q: QUERY },
        )
      ).search.totalCount;
      assert.equal(Number(await text(page.getByTestId("total"))), exactTotal, "exact count as the API has it");
      assert.ok((await page.locator(".hit mark").count()) > 0);
    });

    await t.test("a facet narrows the hits and the URL", async () => {
      const before = Number(await text(page.getByTestId("total")));
      const facets = page.locator("[data-facet=year] a");
      const values = await facets.evaluateAll((as) =>
        as.map((a) => ({
          value: a.getAttribute("data-value")!,
          count: Number(a.parentElement!.querySelector(".count")!.textContent),
        })),
      );
      const pick = values.find((v) => v.count < before) ?? values[0];
      await page.locator(`[data-facet=year] a[data-value="${pick.value}"]`).click();
      await page.waitForURL(new RegExp(`[?&]year=${pick.value}(&|$)`));
      await page.waitForFunction(
        (n) => document.querySelector("[data-testid=total]")?.textContent === String(n),
        pick.count,
      );
      const after = Number(await text(page.getByTestId("total")));
      assert.ok(after < before || values.length === 1, `narrowed: ${before} → ${after}`);
      const titles = await page.locator(".hit-title").allInnerTexts();
      assert.ok(
        titles.length > 0 && titles.every((x) => x.endsWith(`· ${pick.value}`)),
        `every hit is of ${pick.value}: ${titles.join(" | ")}`,
      );
      await page.locator(".hit-title").first().click();
      await page.waitForURL(/\/reports\/\d+\?q=/);
      reportId = Number(/\/reports\/(\d+)/.exec(page.url())![1]);
    });

    await t.test("the report's table 3 shows the API's figures; its original downloads", async () => {
      await page.locator("table[data-table='3']").waitFor();
      // arriving from a hit: its section is there with the query's words marked
      assert.match(page.url(), /#section-\w+$/);
      assert.ok(
        (await page.locator(".sections mark").allTextContents()).some((m) => m === QUERY),
        "the query marked in the text",
      );
      const codebook = await api<{ codebook: { name: string }[] }>(base, "{ codebook(table: 3) { name } }");
      const fields = codebook.codebook.map((v) => `${v.name} { value status raw }`).join(" ");
      const r = await api<{
        report: { synthetic: boolean; table3: Record<string, { value: number | null; status: string } | null> };
      }>(base, `query($id: Int!) { report(id: $id) { synthetic table3 { ${fields} } } }`, { id: reportId });
      const total = r.report.table3.t3_result_total_total;
      assert.ok(total && total.value !== null, "the API has a table-3 total");
      assert.equal(
        await cellText(page, "t3_result_total_total"),
        String(total.value),
        "三、(七)总计 / 总计 as the API has it",
      );
      for (const [name, f] of Object.entries(r.report.table3)) {
        if (!f || f.value === null) continue;
        assert.equal(await cellText(page, name), String(f.value), name);
        assert.equal(
          await page.locator(`td[data-var="${name}"]`).getAttribute("data-status"),
          String(f.status).toLowerCase(),
          `${name} status`,
        );
      }
      assert.match(
        (await page.locator("td[data-var='t3_new_total']").getAttribute("title")) ?? "",
        /printed: /,
        "the printed text on hover",
      );
      if (r.report.synthetic) assert.match(await text(page.locator("h1")), /虚构演示报告/);
      const href = await page.getByTestId("download").getAttribute("href");
      const file = await fetch(`${base}${href}`);
      assert.equal(file.status, 200);
      assert.match(file.headers.get("content-disposition") ?? "", /attachment/);
      assert.ok((await file.arrayBuffer()).byteLength > 100);
      await page.getByTestId("lang-toggle").click();
      await page.waitForURL(/lang=en/);
      assert.match(await text(page.locator("#table3 h2")), /applications received/);
    });

    await t.test("diagnostics point at their cells", async () => {
      const d = await api<{ reports: { nodes: { id: number; diagnostics: { variable: string | null }[] }[] } }>(
        base,
        "{ reports(first: 1, orderBy: [{ field: id }], where: { diagnostic: { variable: { _is_null: false } } }) { nodes { id diagnostics { variable } } } }",
      );
      const r = d.reports.nodes[0];
      assert.ok(r, "the demo data has a report with a diagnostic about a figure");
      await page.goto(`${base}/reports/${r.id}`);
      const link = page.locator(".diagnostics a.cell-link").first();
      await link.waitFor();
      const variable = (await link.getAttribute("href"))!.replace("#cell-", "");
      assert.ok(r.diagnostics.some((x) => x.variable === variable));
      await link.click();
      const cell = page.locator(`td#cell-${variable}`);
      assert.match((await cell.getAttribute("class")) ?? "", /has-diag.*flash|flash.*has-diag/);
      assert.match((await cell.getAttribute("title")) ?? "", /XY_|warning|error/);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.screenshot({ path: join(SHOTS, "report.png") });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await t.test("the agency chart draws one point per year", async () => {
      await page.goto(`${base}/reports/${reportId}`);
      await page.locator(".meta-grid dd a").first().click();
      await page.waitForURL(/\/agencies\/\d+/);
      await page.locator(".chart-canvas svg").waitFor();
      const years = await page.locator("[data-testid=agency-reports] tbody tr").count();
      assert.ok(years > 0);
      // series 0 (applications received) is drawn in COLORS[0]: one solid symbol per year
      const points = await page.locator('.chart-canvas svg path[fill="#c23531"]').count();
      const withValue = (
        await page.locator("[data-testid=agency-reports] tbody tr td:nth-child(2)").allInnerTexts()
      ).filter((x) => x.trim() !== "").length;
      assert.equal(points, withValue, `${points} points for ${withValue} years with a value`);
      assert.equal(withValue, years, "the demo reports all have the figure");
    });

    await t.test("compare: the CSV is the table shown", async () => {
      await page.goto(`${base}/compare?vars=t3_new_total,t4_review_total&by=province`);
      const table = page.getByTestId("compare-table");
      await table.waitFor();
      const shown = await table
        .locator("tr")
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).textContent)));
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv").click()]);
      const csv = readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
      const parsed = csv
        .trimEnd()
        .split("\r\n")
        .map((line) => line.split(","));
      assert.deepEqual(parsed, shown);
      assert.ok(shown.length > 2 && shown[0][0] === "province");
      // and the table is the API's aggregate
      const agg = await api<{
        aggregate: { group: { province: string }; count: number; measures: { sum: number | null }[] }[];
      }>(
        base,
        "{ aggregate(groupBy: [province], measures: [t3_new_total, t4_review_total]) { group { province } count measures { sum } } }",
      );
      for (const row of shown.slice(1)) {
        const a = agg.aggregate.find((x) => x.group.province === row[0]);
        assert.ok(a, row[0]);
        assert.deepEqual(row.slice(1), [String(a.count), String(a.measures[0].sum), String(a.measures[1].sum)]);
      }
      assert.ok(await page.getByTestId("demo-note").isVisible(), "the demo reports in the numbers are named");
    });

    await t.test("no results and bad addresses say so plainly", async () => {
      await page.goto(`${base}/search?q=${encodeURIComponent("不存在的词语甲乙丙")}`);
      await page.getByTestId("no-results").waitFor();
      assert.match(await text(page.getByTestId("no-results")), /No results for “不存在的词语甲乙丙”/);
      // a word that is there beside one that is not: no section holds both, related ones are listed, marked
      await page.goto(`${base}/search?q=${encodeURIComponent(`${QUERY} 甲乙丙丁`)}`);
      await page.getByTestId("related-start").waitFor();
      assert.equal(await text(page.getByTestId("total")), "0");
      assert.match(await text(page.getByTestId("related-count")), /then \d+ related/);
      const hits = page.locator(".hit");
      assert.ok((await hits.count()) > 0 && (await page.locator(".hit.related").count()) === (await hits.count()));
      const res = await page.goto(`${base}/no/such/page`);
      assert.equal(res?.status(), 404);
      assert.match(await text(page.locator("h1")), /No page at \/no\/such\/page/);
      await page.goto(`${base}/reports/abc`);
      assert.match(await text(page.locator("h1")), /“abc” is not a report id/);
      await page.goto(`${base}/reports/987654321`);
      await page.locator("main.notice h1").waitFor();
      assert.match(await text(page.locator("h1")), /There is no report 987654321/);
      const src = await fetch(`${base}/source/987654321`);
      assert.equal(src.status, 404);
      assert.match(await src.text(), /report 987654321 not found/);
    });

    await t.test("GraphiQL and the schema are served from this server", async () => {
      await page.goto(`${base}/graphiql`);
      await page.locator(".graphiql-container").waitFor({ timeout: 20_000 });
      const sdl = await (await fetch(`${base}/schema.graphql`)).text();
      // (that it equals the committed schema.graphql is test/unit/schema-sdl.test.ts's to check)
      assert.match(sdl, /^type Query \{$/m);
      assert.match(sdl, /^type Report \{$/m);
    });

    assert.deepEqual(foreign, [], "nothing fetched from another host");
    assert.deepEqual(pageErrors, [], "no script errors");
  } finally {
    await ctx?.close().catch(() => {});
    await server?.stop();
    dir.remove();
    rmSync(profile, { recursive: true, force: true });
  }
});
