/** The explorer: one page per path (router.ts), every figure from the public GraphQL API (queries.ts). */
import { render } from "preact";
import { interceptLinks, useLocation, withParams } from "./router.js";
import { SearchPage } from "./pages/search.js";
import { ReportPage } from "./pages/report.js";
import { AgencyPage } from "./pages/agency.js";
import { ComparePage } from "./pages/compare.js";
import { HomePage } from "./pages/home.js";
import "./style.css";

function NotFound({ path }: { path: string }) {
  return (
    <main class="notice">
      <h1>No page at <code>{path}</code></h1>
      <p>This address is not part of the explorer. Try <a href="/search">search</a>, <a href="/compare">compare</a> or the <a href="/">start page</a>.</p>
    </main>
  );
}

function Page({ url }: { url: URL }) {
  const path = url.pathname.replace(/\/+$/, "") || "/";
  let m: RegExpExecArray | null;
  if (path === "/") return <HomePage />;
  if (path === "/search") return <SearchPage url={url} />;
  if (path === "/compare") return <ComparePage url={url} />;
  if ((m = /^\/reports\/([^/]+)$/.exec(path))) return <ReportPage idText={decodeURIComponent(m[1])} url={url} />;
  if ((m = /^\/agencies\/([^/]+)$/.exec(path))) return <AgencyPage idText={decodeURIComponent(m[1])} url={url} />;
  return <NotFound path={url.pathname} />;
}

function App() {
  const url = useLocation();
  return (
    <>
      <header class="top">
        <a class="brand" href="/">gongkai <span>政府信息公开工作年度报告</span></a>
        <nav>
          <a href="/search">Search 搜索</a>
          <a href="/compare">Compare 比较</a>
          <a href="/graphiql">GraphiQL</a>
          <a href="/schema.graphql">Schema</a>
        </nav>
        <a class="lang" href={withParams(url, { lang: url.searchParams.get("lang") === "en" ? undefined : "en" })} title="labels in Chinese or English">
          {url.searchParams.get("lang") === "en" ? "中文标签" : "English labels"}
        </a>
      </header>
      <Page url={url} />
    </>
  );
}

interceptLinks();
render(<App />, document.getElementById("app")!);
